package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An asyncio task suspended in a stream read ({@code reader.read*()}) with no deadline on its await
 * chain, on a client TCP connection that is ESTABLISHED and brought nothing in the whole window:
 * the peer went silent, and nothing will end the read. When the task is a child of a {@code gather}
 * or {@code TaskGroup}, the finding names the parents it holds up: one silent peer keeps the whole
 * gather, and the request above it, pending for ever. The loop is idle in {@code epoll_wait}; no
 * thread is blocked and no thread stack shows the read.
 */
final class TaskStuckStreamRead implements Rule {
  static final String ID = "blocking-network-read";
  private static final int MAX_ANCESTORS = 16;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no asyncio task waits without a deadline on a stream read from a silent peer";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<AsyncTasks> latest = TaskGraphs.of(inspection.latest());
    if (latest.isEmpty()) {
      return List.of();
    }
    Optional<AsyncTasks> first = TaskGraphs.of(inspection.samples().get(0));
    Set<Integer> listening = listeningPorts(inspection.latest());
    List<Finding> findings = new ArrayList<>();
    for (AsyncTask task : latest.get().tasks()) {
      TaskWait wait = task.waitsOn();
      if (wait == null
          || wait.kind() != TaskWait.Kind.STREAM_READ
          || wait.fd() < 0
          || wait.secondsLeft() != null
          || !TaskGraphs.sameWaitEarlier(first, task)
          || underWaitFor(latest.get(), task)) {
        continue;
      }
      Optional<SocketEntry> socket = Lookup.socket(inspection.latest(), wait.fd());
      if (socket.isEmpty() || !silentClient(socket.get(), listening, inspection)) {
        continue;
      }
      findings.add(finding(inspection, latest.get(), task, socket.get()));
    }
    return findings;
  }

  /** A parent awaits this task through {@code wait_for} (3.11 runs it as a separate task). */
  private static boolean underWaitFor(AsyncTasks graph, AsyncTask task) {
    for (AsyncTask ancestor : ancestors(graph, task)) {
      if (ancestor.waitsOn() != null && ancestor.waitsOn().kind() == TaskWait.Kind.WAIT_FOR) {
        return true;
      }
    }
    return false;
  }

  /**
   * A client connection (its local port is none of the process's listeners: a server task waiting
   * for its client to speak is idle, not stuck) that is ESTABLISHED with nothing unread now and at
   * the start of the window.
   */
  private static boolean silentClient(
      SocketEntry socket, Set<Integer> listening, Inspection inspection) {
    if (socket.protocol() != SocketProtocol.TCP && socket.protocol() != SocketProtocol.TCP6) {
      return false;
    }
    if (socket.state() != SocketState.ESTABLISHED || socket.local() == null) {
      return false;
    }
    if (listening.contains(socket.local().port())) {
      return false;
    }
    Optional<SocketEntry> before = Lookup.socket(inspection.samples().get(0), socket.fd());
    return isEmpty(socket.receiveQueue())
        && before.isPresent()
        && before.get().inode() == socket.inode()
        && isEmpty(before.get().receiveQueue());
  }

  private static boolean isEmpty(Long queue) {
    return queue == null || queue == 0;
  }

  private static Set<Integer> listeningPorts(ProcessSnapshot snapshot) {
    Set<Integer> ports = new HashSet<>();
    for (SocketEntry socket : snapshot.sockets()) {
      if (socket.state() == SocketState.LISTEN && socket.local() != null) {
        ports.add(socket.local().port());
      }
    }
    return ports;
  }

  /** The tasks awaiting {@code task}, then theirs, nearest first. */
  private static List<AsyncTask> ancestors(AsyncTasks graph, AsyncTask task) {
    List<AsyncTask> found = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    List<AsyncTask> frontier = List.of(task);
    while (!frontier.isEmpty() && found.size() < MAX_ANCESTORS) {
      List<AsyncTask> next = new ArrayList<>();
      for (AsyncTask child : frontier) {
        for (long parent : child.awaitedBy()) {
          AsyncTask resolved = graph.task(parent);
          if (resolved != null && seen.add(parent)) {
            found.add(resolved);
            next.add(resolved);
          }
        }
      }
      frontier = next;
    }
    return found;
  }

  private static Finding finding(
      Inspection inspection, AsyncTasks graph, AsyncTask task, SocketEntry socket) {
    List<PythonFrame> keyFrames = new ArrayList<>();
    Optional<TaskFrame> read = userAwait(task);
    read.ifPresent(f -> keyFrames.add(f.frame()));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "task \""
            + task.name()
            + "\" waits on a "
            + task.waitsOn().description()
            + read.map(f -> " at " + UserFrames.location(f.frame()) + "  " + text(f.source()))
                .orElse("")
            + ", no asyncio.timeout()/wait_for around it, the same wait in all "
            + Lookup.window(inspection));
    evidence.add(
        "fd "
            + socket.fd()
            + ": "
            + Lookup.describe(socket)
            + ", nothing received in the window (receive queue empty)");
    List<String> holders = new ArrayList<>();
    for (AsyncTask parent : ancestors(graph, task)) {
      Optional<TaskFrame> await = userAwait(parent);
      await.ifPresent(f -> keyFrames.add(f.frame()));
      TaskWait wait = parent.waitsOn();
      String how =
          wait == null
              ? "awaits it"
              : switch (wait.kind()) {
                case GATHER -> "waits in asyncio.gather over " + wait.tasks().size() + " children";
                case TASK_GROUP -> "waits in a TaskGroup over " + wait.tasks().size() + " children";
                default -> "awaits it";
              };
      holders.add("\"" + parent.name() + "\"");
      evidence.add(
          "task \""
              + parent.name()
              + "\" "
              + how
              + await
                  .map(f -> " at " + UserFrames.location(f.frame()) + "  " + text(f.source()))
                  .orElse("")
              + pendingSiblings(graph, wait, task));
    }
    String threadName =
        Lookup.activity(inspection, task.nativeThreadId())
            .map(activity -> Lookup.threadName(inspection, activity))
            .orElse(null);
    String call = read.map(f -> text(f.source())).orElse("the stream read");
    String explanation =
        "Task \""
            + task.name()
            + "\" is suspended in `"
            + call
            + "` on a connection to "
            + (socket.remote() == null ? "its peer" : socket.remote().toString())
            + " that stays open but sends nothing, and no timeout bounds the read: it will wait"
            + " for ever."
            + (holders.isEmpty()
                ? ""
                : " It holds up "
                    + String.join(", ", holders)
                    + ", which cannot finish until it does: one silent peer keeps the whole"
                    + " gather/TaskGroup pending.")
            + " The event loop is idle in epoll_wait, so no thread is blocked and no thread"
            + " stack shows the read.";
    String fix =
        "Put a deadline on the read"
            + read.map(f -> " at " + UserFrames.location(f.frame())).orElse("")
            + ": async with asyncio.timeout(seconds): (3.11+) or asyncio.wait_for(..., timeout),"
            + " and handle TimeoutError by closing the connection and reporting that peer as"
            + " unavailable; for a gather over many peers, bound each child so one silent peer"
            + " cannot hold up the rest (or use asyncio.wait(..., timeout=...)).";
    return new Finding(
        ID,
        "asyncio task waits without a timeout on a stream read from a silent peer",
        Confidence.HIGH,
        task.nativeThreadId(),
        threadName,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String pendingSiblings(AsyncTasks graph, TaskWait wait, AsyncTask stuck) {
    if (wait == null || wait.tasks().size() < 2) {
      return "";
    }
    List<String> others = new ArrayList<>();
    for (long sibling : wait.tasks()) {
      AsyncTask other = graph.task(sibling);
      if (other != null && other.address() != stuck.address()) {
        others.add(
            "\""
                + other.name()
                + "\""
                + (other.waitsOn() == null ? "" : " (" + other.waitsOn().description() + ")"));
      }
    }
    return others.isEmpty() ? "" : "; also pending: " + String.join(", ", others);
  }

  private static Optional<TaskFrame> userAwait(AsyncTask task) {
    for (int i = task.stack().size() - 1; i >= 0; i--) {
      if (!UserFrames.isLibrary(task.stack().get(i).frame().file())) {
        return Optional.of(task.stack().get(i));
      }
    }
    return Optional.empty();
  }

  private static String text(String source) {
    return source == null ? "" : source.strip();
  }
}
