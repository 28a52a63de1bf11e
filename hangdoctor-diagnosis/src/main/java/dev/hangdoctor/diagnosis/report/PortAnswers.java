package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which processes of a multi-process server answer on its shared port, from one diagnosis of the
 * whole tree: every process holding the listening socket, each judged by its own evidence — a
 * supervisor that accepts nothing itself, a worker held by a hang (with the connections it accepted
 * and left unread), or a worker with no finding, free to take the next connection. A pure function
 * of the diagnosis; the probe line comes from whoever probed the port.
 */
public final class PortAnswers {
  private PortAnswers() {}

  /** How one process on the port stands. */
  public record ProcessAnswer(int pid, Answer answer, String detail) {}

  /** Whether a process takes connections on the port. */
  public enum Answer {
    ANSWERS("free to answer"),
    DOES_NOT_ANSWER("does not answer"),
    SUPERVISOR("accepts nothing itself");

    private final String label;

    Answer(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Every process of {@code diagnosis}'s tree listening on {@code port}, root first. */
  public static List<ProcessAnswer> of(Diagnosis diagnosis, int port) {
    List<Diagnosis> holders = new ArrayList<>();
    collect(diagnosis, port, holders);
    List<ProcessAnswer> answers = new ArrayList<>();
    for (Diagnosis holder : holders) {
      answers.add(answer(holder, port, holders));
    }
    return answers;
  }

  /** The section printed under the report: one line per process, then the probe's line. */
  public static String text(Diagnosis diagnosis, int port, String probeLine) {
    List<ProcessAnswer> answers = of(diagnosis, port);
    if (answers.size() < 2) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    long answering = answers.stream().filter(a -> a.answer() == Answer.ANSWERS).count();
    long workers = answers.stream().filter(a -> a.answer() != Answer.SUPERVISOR).count();
    out.append("\nPORT ")
        .append(port)
        .append(": ")
        .append(answers.size())
        .append(" processes hold the listening socket; ")
        .append(answering)
        .append(" of ")
        .append(workers)
        .append(" workers free to answer\n");
    for (ProcessAnswer a : answers) {
      out.append("  PID ")
          .append(a.pid())
          .append("  ")
          .append(a.answer().label())
          .append(": ")
          .append(a.detail())
          .append('\n');
    }
    if (probeLine != null && !probeLine.isEmpty()) {
      out.append("  probe: ").append(probeLine).append('\n');
    }
    return out.toString();
  }

  /** The address to reach the listening socket at: its own, or loopback for a wildcard. */
  public static String probeHost(Diagnosis diagnosis, int port) {
    List<Diagnosis> holders = new ArrayList<>();
    collect(diagnosis, port, holders);
    for (Diagnosis holder : holders) {
      for (SocketEntry s : holder.inspection().latest().sockets()) {
        if (s.state() == SocketState.LISTEN && s.local() != null && s.local().port() == port) {
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
    }
    return "127.0.0.1";
  }

  private static void collect(Diagnosis diagnosis, int port, List<Diagnosis> holders) {
    if (listens(diagnosis.inspection().latest(), port)) {
      holders.add(diagnosis);
    }
    for (Diagnosis child : diagnosis.children()) {
      collect(child, port, holders);
    }
  }

  private static boolean listens(ProcessSnapshot snapshot, int port) {
    return snapshot.sockets().stream()
        .anyMatch(
            s -> s.state() == SocketState.LISTEN && s.local() != null && s.local().port() == port);
  }

  private static ProcessAnswer answer(Diagnosis holder, int port, List<Diagnosis> holders) {
    ProcessSnapshot latest = holder.inspection().latest();
    List<SocketEntry> accepted =
        latest.sockets().stream()
            .filter(s -> s.state() != SocketState.LISTEN)
            .filter(s -> s.local() != null && s.local().port() == port && s.remote() != null)
            .toList();
    String connections = connections(accepted);
    boolean parentOfHolders =
        holders.stream()
            .anyMatch(
                other ->
                    other != holder
                        && other.inspection().latest().process().ppid() == holder.pid());
    if (parentOfHolders && accepted.isEmpty()) {
      return new ProcessAnswer(
          holder.pid(),
          Answer.SUPERVISOR,
          "the server's supervisor: it holds the socket for its workers");
    }
    Optional<Finding> hang =
        holder.findings().stream().filter(f -> f.confidence() != Confidence.LOW).findFirst();
    if (hang.isPresent()) {
      Finding f = hang.get();
      return new ProcessAnswer(
          holder.pid(),
          Answer.DOES_NOT_ANSWER,
          f.kind()
              + (f.threadName() == null ? "" : " in thread \"" + f.threadName() + "\"")
              + " ["
              + f.ruleId()
              + "]"
              + connections);
    }
    return new ProcessAnswer(
        holder.pid(),
        Answer.ANSWERS,
        "no hang found"
            + (accepted.isEmpty() ? ", no connection in progress" : connections.replace(";", ",")));
  }

  private static String connections(List<SocketEntry> accepted) {
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
