package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.net.ListenerUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which processes holding a port's listening socket answer, from the diagnoses of every process
 * tree on the port and what the kernel showed of the port: each holder is judged by its own
 * evidence — a worker held by a hang (with the connections it accepted and left unread), a worker
 * free to take the next connection (its epoll watches the socket, or a thread waits in {@code
 * accept()}), a supervisor that holds the socket for its workers and accepts nothing itself, or a
 * process that holds the listener and never accepts (a reloader or parent that kept the socket
 * after its server stopped: connections queue unanswered). A pure function; the probe line comes
 * from whoever probed the port, the holders from {@link PortHolders}, the words from {@link
 * PortReportText}.
 */
public final class PortAnswers {
  private PortAnswers() {}

  /** How one process on the port stands. */
  public record ProcessAnswer(int pid, Answer answer, String detail) {
    /** The one-line summary: "PID 12 free to answer: …". */
    public String line() {
      return "PID " + pid + "  " + answer.label() + ": " + detail;
    }
  }

  /** One listening socket on the port: its holders and its accept queue around the window. */
  public record ListeningSocket(
      long inode, List<Integer> pids, Long queueAtStart, Long queueAtEnd) {
    public ListeningSocket {
      pids = List.copyOf(pids);
    }
  }

  /** The whole port section, as {@code --json} prints it under {@code port}. */
  public record PortReport(
      int port,
      String summary,
      List<ListeningSocket> sockets,
      String acceptQueue,
      List<ProcessAnswer> processes,
      String probe,
      boolean answers) {
    public PortReport {
      sockets = List.copyOf(sockets);
      processes = List.copyOf(processes);
    }
  }

  /** Whether a process takes connections on the port. */
  public enum Answer {
    ANSWERS("free to answer"),
    DOES_NOT_ANSWER("does not answer"),
    SUPERVISOR("accepts nothing itself"),
    NEVER_ACCEPTS("never accepts");

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
    return of(List.of(diagnosis), PortKernelView.unknown(port));
  }

  /** Every process of the {@code targets}' trees listening on the port, each tree root first. */
  public static List<ProcessAnswer> of(List<Diagnosis> targets, PortKernelView kernel) {
    List<Diagnosis> holders = PortHolders.holders(targets, kernel.port());
    List<ProcessAnswer> answers = new ArrayList<>();
    for (Diagnosis holder : holders) {
      answers.add(answer(holder, kernel, holders));
    }
    return answers;
  }

  /** The port report of every tree on the port. */
  public static PortReport report(
      List<Diagnosis> targets, PortKernelView kernel, String probeLine) {
    List<ProcessAnswer> answers = of(targets, kernel);
    List<ListeningSocket> sockets =
        PortHolders.sockets(PortHolders.holders(targets, kernel.port()), kernel);
    boolean answering = answers.stream().anyMatch(a -> a.answer() == Answer.ANSWERS);
    return new PortReport(
        kernel.port(),
        PortReportText.summary(answers, sockets),
        sockets,
        PortReportText.acceptQueue(sockets, kernel),
        answers,
        probeLine,
        answering);
  }

  /**
   * True when a listening socket on the port is held only by processes that never accept or do not
   * answer, one of them never accepting: the connections the kernel queues on it are never taken,
   * though no finding may say so (a hang, for the exit status). With one shared socket that is the
   * whole port; with SO_REUSEPORT, the share of connections hashed to that socket.
   */
  public static boolean heldButNeverAccepted(PortReport report) {
    Map<Integer, Answer> byPid = new LinkedHashMap<>();
    report.processes().forEach(a -> byPid.put(a.pid(), a.answer()));
    for (ListeningSocket socket : report.sockets()) {
      List<Answer> holders = socket.pids().stream().map(byPid::get).toList();
      if (holders.contains(Answer.NEVER_ACCEPTS) && !holders.contains(Answer.ANSWERS)) {
        return true;
      }
    }
    return false;
  }

  private static ProcessAnswer answer(
      Diagnosis holder, PortKernelView kernel, List<Diagnosis> holders) {
    int port = kernel.port();
    ProcessSnapshot latest = holder.inspection().latest();
    List<SocketEntry> accepted =
        latest.sockets().stream()
            .filter(s -> s.state() != SocketState.LISTEN)
            .filter(s -> s.local() != null && s.local().port() == port && s.remote() != null)
            .toList();
    String connections = PortReportText.connections(accepted);
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
    Use use = use(holder, kernel);
    if (use == Use.ACCEPTS_EPOLL || use == Use.ACCEPTS_CALL) {
      return new ProcessAnswer(
          holder.pid(),
          Answer.ANSWERS,
          (use == Use.ACCEPTS_EPOLL
                  ? "waits for connections (its epoll watches the listener)"
                  : "a thread waits in accept() on the listener")
              + ", no hang found"
              + (accepted.isEmpty()
                  ? ", no connection in progress"
                  : connections.replace(";", ",")));
    }
    boolean holdsForOthers = holdsForDescendants(holder, holders, kernel);
    if (use == Use.UNSEEN) {
      if (holdsForOthers && accepted.isEmpty()) {
        return new ProcessAnswer(
            holder.pid(),
            Answer.SUPERVISOR,
            "the server's supervisor: it holds the socket for its workers");
      }
      return new ProcessAnswer(
          holder.pid(),
          Answer.ANSWERS,
          "no hang found"
              + (accepted.isEmpty() ? ", no connection in progress" : connections.replace(";", ","))
              + " (it waits in poll/select or could not be read: whether it watches the listener"
              + " is not in /proc)");
    }
    if (holdsForOthers) {
      return new ProcessAnswer(
          holder.pid(),
          Answer.SUPERVISOR,
          "the server's supervisor: it holds the socket for its workers; no epoll of it watches the"
              + " socket and no thread of it waits in accept()");
    }
    return new ProcessAnswer(
        holder.pid(),
        Answer.NEVER_ACCEPTS,
        "it holds the listening socket (fd "
            + PortHolders.listeners(holder, port).stream()
                .map(s -> String.valueOf(s.fd()))
                .collect(Collectors.joining(", "))
            + "), but no epoll of it watches the socket and no thread of it waits in accept():"
            + " connections sent to it queue unanswered"
            + (latest.process().ppid() <= 1
                ? " (its parent is gone: a server process left behind, e.g. a reloader's child)"
                : " (a stale server, or a reloader or parent that kept the socket after its server"
                    + " stopped)")
            + connections);
  }

  private enum Use {
    ACCEPTS_EPOLL,
    ACCEPTS_CALL,
    NEVER,
    UNSEEN
  }

  private static Use use(Diagnosis holder, PortKernelView kernel) {
    List<SocketEntry> mine = PortHolders.listeners(holder, kernel.port());
    Set<Long> inodes = mine.stream().map(SocketEntry::inode).collect(Collectors.toSet());
    Set<Long> fds = mine.stream().map(s -> (long) s.fd()).collect(Collectors.toSet());
    boolean waitsUnseen = false;
    for (ThreadSnapshot thread : holder.inspection().latest().threads()) {
      SyscallState call = thread.kernelWait().syscall();
      if (call.status() != SyscallState.Status.IN_SYSCALL) {
        continue;
      }
      String name = call.name();
      if (("accept".equals(name) || "accept4".equals(name))
          && !call.arguments().isEmpty()
          && fds.contains(call.arguments().get(0))) {
        return Use.ACCEPTS_CALL;
      }
      if ("poll".equals(name)
          || "ppoll".equals(name)
          || "select".equals(name)
          || "pselect6".equals(name)) {
        waitsUnseen = true;
      }
    }
    ListenerUse use = kernel.uses().get(holder.pid());
    if (use == null || !use.readable()) {
      return Use.UNSEEN;
    }
    if (use.watched().stream().anyMatch(inodes::contains)) {
      return Use.ACCEPTS_EPOLL;
    }
    return waitsUnseen ? Use.UNSEEN : Use.NEVER;
  }

  /** True when a process below {@code holder} holds the port too and may take its connections. */
  private static boolean holdsForDescendants(
      Diagnosis holder, List<Diagnosis> holders, PortKernelView kernel) {
    for (Diagnosis child : holder.children()) {
      if (holders.contains(child) && use(child, kernel) != Use.NEVER) {
        return true;
      }
      if (holdsForDescendants(child, holders, kernel)) {
        return true;
      }
    }
    return holders.stream()
        .anyMatch(
            other ->
                other != holder
                    && other.inspection().latest().process().ppid() == holder.pid()
                    && use(other, kernel) != Use.NEVER);
  }
}
