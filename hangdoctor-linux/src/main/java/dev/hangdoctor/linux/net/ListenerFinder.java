package dev.hangdoctor.linux.net;

import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a TCP port into the processes listening on it, as {@code ss -tlnp} does: the LISTEN sockets
 * on that port in the caller's network namespace, then every process's fds searched for those
 * socket inodes (which are unique system-wide).
 */
public final class ListenerFinder {
  private final ProcFs procFs;

  public ListenerFinder(ProcFs procFs) {
    this.procFs = procFs;
  }

  /**
   * The processes listening on TCP {@code port} (IPv4 or IPv6). Processes that exit during the scan
   * are skipped; those whose fds may not be read are counted, not failed on.
   *
   * @throws UncheckedIOException if the caller's own socket tables or the process list cannot be
   *     read, which leaves nothing to search
   */
  public ListenerSearch findListeners(int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    Map<Long, SocketEntry> wanted = listeningSockets(port);
    if (wanted.isEmpty()) {
      return new ListenerSearch(List.of(), 0);
    }
    int[] pids;
    try {
      pids = procFs.listNumbers(procFs.root());
    } catch (ProcReadException e) {
      throw new UncheckedIOException(e);
    }
    List<Listener> listeners = new ArrayList<>();
    int unreadable = 0;
    for (int pid : pids) {
      if (!scan(pid, wanted, listeners)) {
        unreadable++;
      }
    }
    listeners.sort(Comparator.comparingInt(Listener::pid).thenComparingInt(Listener::fd));
    return new ListenerSearch(listeners, unreadable);
  }

  private Map<Long, SocketEntry> listeningSockets(int port) {
    Map<Long, SocketEntry> sockets = new HashMap<>();
    Path netDir = procFs.root().resolve("self").resolve("net");
    readListening(netDir.resolve("tcp"), SocketProtocol.TCP, port, sockets);
    readListening(netDir.resolve("tcp6"), SocketProtocol.TCP6, port, sockets);
    return sockets;
  }

  private void readListening(
      Path table, SocketProtocol protocol, int port, Map<Long, SocketEntry> sockets) {
    String text;
    try {
      text = procFs.readText(table);
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        return; // our own process is alive: the kernel does not offer this table
      }
      throw new UncheckedIOException(e);
    }
    for (SocketEntry socket : SocketTableParser.parseInet(text, protocol).values()) {
      if (socket.state() == SocketState.LISTEN && socket.local().port() == port) {
        sockets.put(socket.inode(), socket);
      }
    }
  }

  /** Adds the wanted sockets {@code pid} holds; false if its fds could not be read. */
  private boolean scan(int pid, Map<Long, SocketEntry> wanted, List<Listener> listeners) {
    Path fdDir = procFs.pidDir(pid).resolve("fd");
    int[] fds;
    try {
      fds = procFs.listNumbers(fdDir);
    } catch (ProcReadException e) {
      return e.targetExited();
    }
    Set<Long> found = null;
    for (int fd : fds) {
      String target;
      try {
        target = procFs.readLink(fdDir.resolve(Integer.toString(fd)));
      } catch (ProcReadException e) {
        if (e.targetExited()) {
          continue; // the fd was closed, or the process exited, since the listing
        }
        return false;
      }
      long inode = SocketReader.socketInode(target);
      SocketEntry socket = inode < 0 ? null : wanted.get(inode);
      if (socket != null) {
        listeners.add(new Listener(pid, fd, SocketReader.withFd(socket, fd)));
        if (found == null) {
          found = new HashSet<>();
        }
        found.add(inode);
        if (found.size() == wanted.size()) {
          break;
        }
      }
    }
    return true;
  }
}
