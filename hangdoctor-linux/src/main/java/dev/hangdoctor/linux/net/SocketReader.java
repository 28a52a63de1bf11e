package dev.hangdoctor.linux.net;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Joins a process's {@code socket:[inode]} file descriptors with the socket tables of its own
 * network namespace ({@code /proc/PID/net/...}), so each socket fd gets its protocol, state,
 * endpoints and queues. Sockets found in no table (netlink, packet, …) are left out.
 */
public final class SocketReader {
  private static final String[] TABLES = {"tcp", "tcp6", "udp", "udp6", "unix"};
  private static final SocketProtocol[] PROTOCOLS = {
    SocketProtocol.TCP,
    SocketProtocol.TCP6,
    SocketProtocol.UDP,
    SocketProtocol.UDP6,
    SocketProtocol.UNIX
  };
  private static final String SOCKET_PREFIX = "socket:[";

  private final ProcFs procFs;

  public SocketReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /**
   * The sockets behind {@code fds} (only {@link FdKind#SOCKET} entries are looked at), sorted by
   * fd. Tables the kernel does not offer are skipped; tables that cannot be read become gaps.
   */
  public SocketReadResult read(int pid, List<FdEntry> fds) {
    Map<Long, List<Integer>> fdsByInode = new HashMap<>();
    for (FdEntry fd : fds) {
      if (fd.kind() == FdKind.SOCKET) {
        long inode = socketInode(fd.target());
        if (inode >= 0) {
          fdsByInode.computeIfAbsent(inode, k -> new ArrayList<>(1)).add(fd.fd());
        }
      }
    }
    if (fdsByInode.isEmpty()) {
      return new SocketReadResult(List.of(), List.of());
    }
    List<SocketEntry> sockets = new ArrayList<>();
    List<EvidenceGap> gaps = new ArrayList<>();
    Path pidDir = procFs.pidDir(pid);
    Path netDir = pidDir.resolve("net");
    for (int i = 0; i < TABLES.length && !fdsByInode.isEmpty(); i++) {
      String text;
      try {
        text = procFs.readText(netDir.resolve(TABLES[i]));
      } catch (ProcReadException e) {
        if (e.targetExited() && procFs.exists(pidDir)) {
          continue; // the kernel does not offer this table (no IPv6, say)
        }
        gaps.add(e.toGap("sockets (/proc/" + pid + "/net/" + TABLES[i] + ")"));
        if (e.targetExited()) {
          break;
        }
        continue;
      }
      Map<Long, SocketEntry> table =
          PROTOCOLS[i] == SocketProtocol.UNIX
              ? SocketTableParser.parseUnix(text)
              : SocketTableParser.parseInet(text, PROTOCOLS[i]);
      Iterator<Map.Entry<Long, List<Integer>>> wanted = fdsByInode.entrySet().iterator();
      while (wanted.hasNext()) {
        Map.Entry<Long, List<Integer>> next = wanted.next();
        SocketEntry socket = table.get(next.getKey());
        if (socket != null) {
          for (int fd : next.getValue()) {
            sockets.add(withFd(socket, fd));
          }
          wanted.remove();
        }
      }
    }
    sockets.sort(Comparator.comparingInt(SocketEntry::fd));
    return new SocketReadResult(sockets, gaps);
  }

  /** The inode in a {@code socket:[12345]} link target, or -1 if the target is not a socket. */
  public static long socketInode(String fdTarget) {
    if (fdTarget == null
        || !fdTarget.startsWith(SOCKET_PREFIX)
        || !fdTarget.endsWith("]")
        || fdTarget.length() == SOCKET_PREFIX.length() + 1
        || fdTarget.length() > SOCKET_PREFIX.length() + 19) {
      return -1;
    }
    long inode = 0;
    for (int i = SOCKET_PREFIX.length(); i < fdTarget.length() - 1; i++) {
      char c = fdTarget.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      inode = inode * 10 + (c - '0');
    }
    return inode;
  }

  static SocketEntry withFd(SocketEntry socket, int fd) {
    return new SocketEntry(
        fd,
        socket.inode(),
        socket.protocol(),
        socket.state(),
        socket.local(),
        socket.remote(),
        socket.receiveQueue(),
        socket.sendQueue(),
        socket.unixPath(),
        socket.unixType());
  }
}
