package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketQueueTrend;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The socket part of the inspect report: sockets holding data and how their queues moved,
 * CLOSE_WAIT lingerers, listeners with their accept queue, and a count of the quiet rest.
 */
final class SocketSections {
  private SocketSections() {}

  static void render(StringBuilder out, ProcessSnapshot latest, WindowSummary window) {
    List<SocketQueueTrend> queued =
        window.socketQueues().stream()
            .filter(trend -> trend.state() != SocketState.LISTEN)
            .collect(Collectors.toList());
    if (!queued.isEmpty()) {
      out.append('\n');
      line(out, "SOCKETS WITH QUEUED DATA");
      line(
          out,
          "  %-5s %-5s %-12s %-24s %-24s %9s %9s  %s",
          "FD",
          "PROTO",
          "STATE",
          "LOCAL",
          "REMOTE",
          "RECV-Q",
          "SEND-Q",
          "IN WINDOW");
      for (SocketQueueTrend trend : queued) {
        line(
            out,
            "  %-5d %-5s %-12s %-24s %-24s %9d %9d  %s",
            trend.fd(),
            trend.protocol(),
            trend.state(),
            trend.local() == null
                ? (trend.unixPath() == null ? "?" : trend.unixPath())
                : trend.local(),
            trend.remote() == null ? "" : trend.remote(),
            trend.lastReceiveQueue(),
            trend.lastSendQueue(),
            queueNote(trend));
      }
    }
    List<SocketEntry> closeWait =
        latest.sockets().stream()
            .filter(s -> s.state() == SocketState.CLOSE_WAIT)
            .collect(Collectors.toList());
    if (!closeWait.isEmpty()) {
      out.append('\n');
      line(
          out,
          "CLOSE_WAIT  %d socket%s: the peer closed, this process never closed its end",
          closeWait.size(),
          closeWait.size() == 1 ? "" : "s");
      line(out, "  fds %s", fdList(closeWait));
      Set<Integer> listening = latest.listeningPorts();
      Map<String, Long> groups =
          closeWait.stream()
              .collect(
                  Collectors.groupingBy(
                      s -> closeWaitGroup(s, listening),
                      LinkedHashMap::new,
                      Collectors.counting()));
      groups.forEach((group, count) -> line(out, "  %d %s", count, group));
    }
    List<SocketEntry> listeners =
        latest.sockets().stream()
            .filter(s -> s.state() == SocketState.LISTEN)
            .collect(Collectors.toList());
    if (!listeners.isEmpty()) {
      out.append('\n');
      line(out, "LISTENING");
      for (SocketEntry listener : listeners) {
        if (listener.protocol().isTcp()) {
          line(
              out,
              "  fd %-5d %-5s %-24s accept queue %d%s",
              listener.fd(),
              listener.protocol(),
              listener.local(),
              listener.receiveQueue(),
              listener.receiveQueue() > 0 ? "  ! connections wait to be accepted" : "");
        } else {
          line(out, "  fd %-5d %s", listener.fd(), SocketText.describe(listener));
        }
      }
    }
    Map<String, Long> others =
        latest.sockets().stream()
            .filter(
                s ->
                    s.state() != SocketState.LISTEN
                        && s.state() != SocketState.CLOSE_WAIT
                        && !s.hasQueuedData())
            .collect(
                Collectors.groupingBy(
                    s -> s.protocol() + " " + s.state(),
                    LinkedHashMap::new,
                    Collectors.counting()));
    if (!others.isEmpty()) {
      out.append('\n');
      line(
          out,
          "OTHER SOCKETS  %s",
          others.entrySet().stream()
              .map(e -> e.getValue() + " " + e.getKey())
              .collect(Collectors.joining(", ")));
    }
  }

  private static String queueNote(SocketQueueTrend trend) {
    List<String> notes = new ArrayList<>();
    if (trend.receiveGrowth() != 0) {
      notes.add(String.format(Locale.ROOT, "recv %+d", trend.receiveGrowth()));
    }
    if (trend.sendGrowth() != 0) {
      notes.add(String.format(Locale.ROOT, "send %+d", trend.sendGrowth()));
    }
    if (notes.isEmpty()) {
      return trend.lastReceiveQueue() > 0 ? "unchanged: nobody reads it" : "unchanged";
    }
    return String.join(", ", notes);
  }

  private static String fdList(List<SocketEntry> sockets) {
    List<String> fds = new ArrayList<>();
    for (SocketEntry socket : sockets.subList(0, Math.min(20, sockets.size()))) {
      fds.add(Integer.toString(socket.fd()));
    }
    return String.join(", ", fds) + (sockets.size() > 20 ? ", …" : "");
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  /**
   * Server-side lingerers (on a port this process listens on) are grouped by the local address, a
   * client's by the peer it connected to: each of its sockets has its own local port.
   */
  private static String closeWaitGroup(SocketEntry socket, Set<Integer> listeningPorts) {
    return socket.acceptedOn(listeningPorts) || socket.remote() == null
        ? "on local " + socket.local()
        : "to remote " + socket.remote();
  }
}
