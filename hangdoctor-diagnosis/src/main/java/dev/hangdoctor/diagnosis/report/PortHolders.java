package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.report.PortAnswers.ListeningSocket;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of some diagnosed trees that hold a port's listening socket, and the sockets
 * themselves (one, shared, or one per process with SO_REUSEPORT): the facts {@link PortAnswers}
 * judges and {@link PortReportText} words.
 */
public final class PortHolders {
  private PortHolders() {}

  /** The address to reach the listening socket at: its own, or loopback for a wildcard. */
  public static String probeHost(Diagnosis diagnosis, int port) {
    return probeHost(List.of(diagnosis), port);
  }

  /** As above, over every tree on the port. */
  public static String probeHost(List<Diagnosis> targets, int port) {
    for (Diagnosis holder : holders(targets, port)) {
      for (SocketEntry s : listeners(holder, port)) {
        String address = s.local().address();
        if (address.equals("0.0.0.0")) {
          return "127.0.0.1";
        }
        if (address.equals("::") || address.equals("::0")) {
          return "[::1]";
        }
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
      }
    }
    return "127.0.0.1";
  }

  static List<Diagnosis> holders(List<Diagnosis> targets, int port) {
    List<Diagnosis> holders = new ArrayList<>();
    for (Diagnosis target : targets) {
      collect(target, port, holders);
    }
    return holders;
  }

  private static void collect(Diagnosis diagnosis, int port, List<Diagnosis> holders) {
    if (!listeners(diagnosis, port).isEmpty()) {
      holders.add(diagnosis);
    }
    for (Diagnosis child : diagnosis.children()) {
      collect(child, port, holders);
    }
  }

  static List<SocketEntry> listeners(Diagnosis diagnosis, int port) {
    return diagnosis.inspection().latest().sockets().stream()
        .filter(
            s -> s.state() == SocketState.LISTEN && s.local() != null && s.local().port() == port)
        .toList();
  }

  static List<ListeningSocket> sockets(List<Diagnosis> holders, PortKernelView kernel) {
    Map<Long, List<Integer>> byInode = new LinkedHashMap<>();
    Map<Long, Long> fallbackQueue = new LinkedHashMap<>();
    for (Diagnosis holder : holders) {
      for (SocketEntry s : listeners(holder, kernel.port())) {
        List<Integer> pids = byInode.computeIfAbsent(s.inode(), k -> new ArrayList<>());
        if (!pids.contains(holder.pid())) {
          pids.add(holder.pid());
        }
        fallbackQueue.putIfAbsent(s.inode(), s.receiveQueue());
      }
    }
    List<ListeningSocket> sockets = new ArrayList<>();
    byInode.forEach(
        (inode, pids) ->
            sockets.add(
                new ListeningSocket(
                    inode,
                    pids,
                    kernel.queueAtStart().get(inode),
                    kernel.queueAtEnd().getOrDefault(inode, fallbackQueue.get(inode)))));
    return sockets;
  }
}
