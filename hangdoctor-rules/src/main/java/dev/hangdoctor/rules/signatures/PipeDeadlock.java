package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.ProcessTreeRule;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parent waiting for a child to exit ({@code wait4}/{@code waitid}) while the child is blocked
 * writing to a full pipe that only the parent could drain: each waits for the other. The classic is
 * {@code Popen(..., stdout=PIPE)} followed by {@code wait()} on a child that writes more than the
 * pipe buffer (64 KiB). Also through a sibling: the waited child is stuck in an untimed wait while
 * another child is blocked writing the pipe, as when several processes send into one {@code
 * multiprocessing.Queue} and the parent joins them before reading it (each child's feeder thread
 * must flush into the pipe before the child can exit, and the feeders take turns through the
 * queue's shared write lock, which the blocked one holds).
 */
final class PipeDeadlock implements ProcessTreeRule {
  static final String ID = "pipe-deadlock";

  private static final Set<String> WRITES = Set.of("write", "writev", "pwrite64", "pwritev");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection process, List<Diagnosis> children) {
    List<Finding> findings = new ArrayList<>();
    List<Diagnosis> family = new ArrayList<>();
    children.forEach(child -> family.addAll(child.flatten()));
    for (ThreadActivity waiter : process.window().threads()) {
      boolean waitsForExit = ChildWaits.waitedPid(waiter.kernelWait().syscall()).isPresent();
      for (Diagnosis child : ChildWaits.waitedChildren(process, waiter, children)) {
        Optional<Writer> writer =
            waitsForExit ? blockedWriter(process, child) : Optional.<Writer>empty();
        if (writer.isEmpty() && allStuck(family)) {
          writer = otherWriter(process, child, family);
        }
        writer.ifPresent(w -> findings.add(finding(process, waiter, child, w)));
      }
    }
    return findings;
  }

  /**
   * Another process of the family (a sibling, or a process below a fork server) stuck writing a
   * pipe the parent holds, for a waited child that is itself stuck: it cannot finish until the
   * writer can (shared queue lock, or the data it still has to send behind the writer's).
   */
  private static Optional<Writer> otherWriter(
      Inspection parent, Diagnosis waited, List<Diagnosis> family) {
    for (Diagnosis sibling : family) {
      if (sibling != waited) {
        Optional<Writer> writer = blockedWriter(parent, sibling);
        if (writer.isPresent()) {
          return writer;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * True when every thread of every process below the parent sat in one untimed wait over the whole
   * window: nobody in the family is left who could drain the pipe or wake the waited child.
   */
  private static boolean allStuck(List<Diagnosis> family) {
    if (family.isEmpty()) {
      return false;
    }
    for (Diagnosis child : family) {
      List<ThreadActivity> threads = child.inspection().window().threads();
      if (threads.isEmpty()) {
        return false;
      }
      for (ThreadActivity thread : threads) {
        SyscallState call = thread.kernelWait().syscall();
        if (!thread.waitUnchanged() || !Waits.untimed(call)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A child thread stuck writing a pipe the parent holds the other end of. */
  private static Optional<Writer> blockedWriter(Inspection parent, Diagnosis child) {
    Inspection inspection = child.inspection();
    for (ThreadActivity thread : inspection.window().threads()) {
      SyscallState call = thread.kernelWait().syscall();
      if (!thread.waitUnchanged() || !WRITES.contains(call.name()) || call.arguments().isEmpty()) {
        continue;
      }
      int fd = (int) (long) call.arguments().get(0);
      Optional<FdEntry> pipe =
          inspection.latest().fds().stream()
              .filter(entry -> entry.fd() == fd && entry.kind() == FdKind.PIPE)
              .findFirst();
      if (pipe.isEmpty()) {
        continue;
      }
      Optional<FdEntry> parentEnd = ChildWaits.holder(parent.latest(), pipe.get().target());
      if (parentEnd.isPresent()) {
        return Optional.of(new Writer(child, thread, pipe.get(), parentEnd.get()));
      }
    }
    return Optional.empty();
  }

  private record Writer(
      Diagnosis process, ThreadActivity thread, FdEntry childEnd, FdEntry parentEnd) {}

  private static Finding finding(
      Inspection process, ThreadActivity waiter, Diagnosis child, Writer writer) {
    Inspection childInspection = writer.process().inspection();
    boolean throughSibling = writer.process() != child;
    boolean queueFeeder =
        feedsQueue(
            Lookup.pythonThread(childInspection.latest(), writer.thread().tid())
                .map(PythonThread::frames)
                .orElse(List.of()));
    List<PythonFrame> keyFrames = frames(process, waiter);
    List<PythonFrame> childFrames = frames(childInspection, writer.thread());
    Optional<PythonFrame> childUser = UserFrames.innermostUserFrame(childFrames);
    OptionalInt waited = ChildWaits.waitedPid(waiter.kernelWait().syscall());
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waiter.kernelWait().describe()
            + (waited.isPresent() && waited.getAsInt() == -1 ? " (any child)" : "")
            + ", unchanged in all "
            + Lookup.window(process));
    evidence.add(
        (throughSibling
                ? writer.process().inspection().latest().process().ppid() == process.pid()
                    ? "sibling "
                    : "descendant "
                : "child ")
            + ChildWaits.describe(writer.process())
            + ": tid "
            + writer.thread().tid()
            + " \""
            + Lookup.threadName(childInspection, writer.thread())
            + "\" blocked in "
            + writer.thread().kernelWait().describe()
            + " on fd "
            + writer.childEnd().fd()
            + " → "
            + writer.childEnd().target()
            + childUser.map(f -> " at " + UserFrames.location(f)).orElse("")
            + ", unchanged in all "
            + Lookup.window(childInspection));
    evidence.add(
        "the other end of "
            + writer.childEnd().target()
            + " is open in this process as fd "
            + writer.parentEnd().fd()
            + ", and no thread here reads it");
    if (throughSibling) {
      evidence.add(1, stuckLine(child));
    }
    String explanation =
        throughSibling
            ? "This process waits for child PID "
                + child.pid()
                + ", which waits too, like every process below this one; the only one that could"
                + " move is PID "
                + writer.process().pid()
                + ", blocked writing into a full pipe that only this process reads, and this"
                + " process does not read it until the wait is over: nobody moves, forever."
                + (queueFeeder
                    ? " The pipe is a multiprocessing.Queue's: a process that put items on it"
                        + " cannot exit before its feeder thread has flushed them into the pipe,"
                        + " and the feeders take turns through the queue's shared write lock,"
                        + " which the blocked one holds."
                    : "")
            : "The child writes more output than the pipe holds (64 KiB) and waits for this process"
                + " to read it, while this process waits for the child to exit before reading: each"
                + " waits for the other, forever.";
    String fix =
        keyFrames.isEmpty()
            ? "Read the pipe (fd "
                + writer.parentEnd().fd()
                + ") until end of file before calling waitpid(), or poll it while waiting;"
                + " or send the child's output to a file instead of a pipe."
            : throughSibling
                ? "At "
                    + UserFrames.location(keyFrames.get(0))
                    + " ("
                    + keyFrames.get(0).qualifiedName()
                    + ") read the queue (or pipe) before joining the processes that write to it:"
                    + " get every result first (count the end markers), then join(); a"
                    + " multiprocessing.Queue must be drained before its writers can exit."
                    + " Or use a multiprocessing.Pool / concurrent.futures.ProcessPoolExecutor,"
                    + " whose results are collected for you."
                : "At "
                    + UserFrames.location(keyFrames.get(0))
                    + " ("
                    + keyFrames.get(0).qualifiedName()
                    + ") use out, err = proc.communicate() instead of proc.wait(): it reads the"
                    + " pipes while it waits. Or read proc.stdout to the end before wait(), or"
                    + " redirect the output to a file (stdout=open(path, \"wb\")).";
    return new Finding(
        ID,
        "pipe deadlock with child PID " + child.pid(),
        Confidence.HIGH,
        waiter.tid(),
        Lookup.threadName(process, waiter),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** "child PID 12 (…) is stuck too: tid 14 "QueueFeederThread" waits in futex(…) at …". */
  private static String stuckLine(Diagnosis child) {
    Inspection inspection = child.inspection();
    ThreadActivity shown = inspection.window().threads().get(0);
    Optional<PythonFrame> shownUser = Optional.empty();
    for (ThreadActivity thread : inspection.window().threads()) {
      List<PythonFrame> stack =
          Lookup.pythonThread(inspection.latest(), thread.tid())
              .map(PythonThread::frames)
              .orElse(List.of());
      if (!stack.isEmpty() && "_feed".equals(stack.get(0).function())) {
        shown = thread;
        shownUser = Optional.of(stack.get(0));
        break;
      }
    }
    return "child "
        + ChildWaits.describe(child)
        + " waits too: tid "
        + shown.tid()
        + " \""
        + Lookup.threadName(inspection, shown)
        + "\" waits in "
        + shown.kernelWait().describe()
        + shownUser
            .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
            .orElse("")
        + ", and every other thread of it waits untimed too, unchanged in all "
        + Lookup.window(inspection);
  }

  /** True when the stack is a multiprocessing.Queue feeder thread's ({@code Queue._feed}). */
  private static boolean feedsQueue(List<PythonFrame> stack) {
    return stack.stream()
        .anyMatch(
            f -> "_feed".equals(f.function()) && f.file().endsWith("/multiprocessing/queues.py"));
  }

  private static List<PythonFrame> frames(Inspection inspection, ThreadActivity thread) {
    return UserFrames.keyFrames(
        Lookup.pythonThread(inspection.latest(), thread.tid())
            .map(PythonThread::frames)
            .orElse(List.of()));
  }
}
