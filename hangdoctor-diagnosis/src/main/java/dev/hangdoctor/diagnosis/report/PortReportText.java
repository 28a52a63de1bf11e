package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.report.PortAnswers.ListeningSocket;
import dev.hangdoctor.diagnosis.report.PortAnswers.PortReport;
import dev.hangdoctor.diagnosis.report.PortAnswers.ProcessAnswer;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.SocketEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The words of a port report: the section under a diagnosis ("PORT 8000: 3 processes hold the
 * listening socket; …"), the accept queue's trend over the window and a holder's connections. What
 * each process is judged to be comes from {@link PortAnswers}.
 */
public final class PortReportText {
  private PortReportText() {}

  /** The section printed under the report of one tree (empty unless 2 or more hold the port). */
  public static String text(Diagnosis diagnosis, int port, String probeLine) {
    PortReport report =
        PortAnswers.report(List.of(diagnosis), PortKernelView.unknown(port), probeLine);
    return report.processes().size() < 2 ? "" : text(report);
  }

  /** The report as text: the summary, the accept queue, one line per process, the probe. */
  public static String text(PortReport report) {
    StringBuilder out = new StringBuilder();
    out.append("\nPORT ").append(report.port()).append(": ").append(report.summary()).append('\n');
    if (report.acceptQueue() != null) {
      out.append("  accept queue: ").append(report.acceptQueue()).append('\n');
    }
    for (ProcessAnswer a : report.processes()) {
      out.append("  ").append(a.line()).append('\n');
    }
    if (report.probe() != null && !report.probe().isEmpty()) {
      out.append("  probe: ").append(report.probe()).append('\n');
    }
    return out.toString();
  }

  /** "3 processes hold the listening socket; 1 of 2 workers free to answer". */
  static String summary(List<ProcessAnswer> answers, List<ListeningSocket> sockets) {
    long answering = answers.stream().filter(a -> a.answer() == PortAnswers.Answer.ANSWERS).count();
    long workers =
        answers.stream().filter(a -> a.answer() != PortAnswers.Answer.SUPERVISOR).count();
    return String.format(
        "%d %s the %s; %d of %d %s free to answer",
        answers.size(),
        answers.size() == 1 ? "process holds" : "processes hold",
        sockets.size() > 1
            ? sockets.size() + " listening sockets (SO_REUSEPORT: each has its own queue)"
            : "listening socket",
        answering,
        workers,
        workers == 1 ? (answers.size() == 1 ? "process" : "worker") : "workers");
  }

  /** "2 waiting at the start of the window, 5 at the end (growing): …", per socket if several. */
  static String acceptQueue(List<ListeningSocket> sockets, PortKernelView kernel) {
    List<String> parts = new ArrayList<>();
    for (ListeningSocket socket : sockets) {
      if (socket.queueAtEnd() == null) {
        continue;
      }
      String prefix =
          sockets.size() > 1
              ? "socket of PID "
                  + socket.pids().stream().map(String::valueOf).collect(Collectors.joining(", "))
                  + ": "
              : "";
      parts.add(prefix + queueTrend(socket.queueAtStart(), socket.queueAtEnd()));
    }
    if (parts.isEmpty()) {
      return null;
    }
    String cap =
        kernel.somaxconn() > 0
            ? " (the backlog the server asked for is not in /proc; net.core.somaxconn caps it at "
                + kernel.somaxconn()
                + ")"
            : "";
    return String.join("; ", parts) + cap;
  }

  private static String queueTrend(Long start, long end) {
    if (start == null) {
      return end == 0
          ? "empty: no connection waits to be accepted"
          : end + " connections waiting to be accepted";
    }
    if (start == 0 && end == 0) {
      return "empty at the start and the end of the window: no connection waited to be accepted";
    }
    String counts = start + " waiting at the start of the window, " + end + " at the end";
    if (end > start) {
      return counts + " (growing): connections the kernel completed that no process takes";
    }
    if (end < start) {
      return counts + " (drained): a process takes them";
    }
    return counts + " (none taken over the window)";
  }

  /** "; 2 accepted connections (from 127.0.0.1:5123, …), 1 with a request it has not read". */
  static String connections(List<SocketEntry> accepted) {
    if (accepted.isEmpty()) {
      return "";
    }
    long unread = accepted.stream().filter(s -> s.unreadBytes() > 0).count();
    SocketEntry first = accepted.get(0);
    return "; "
        + accepted.size()
        + (accepted.size() == 1 ? " accepted connection" : " accepted connections")
        + " (from "
        + first.remote()
        + (accepted.size() > 1 ? ", …" : "")
        + ")"
        + (unread > 0 ? ", " + unread + " with a request it has not read" : "");
  }
}
