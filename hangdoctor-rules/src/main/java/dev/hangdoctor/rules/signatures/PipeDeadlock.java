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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parent waiting for a child to exit ({@code wait4}/{@code waitid}) while the child is blocked
 * writing to a full pipe that only the parent could drain: each waits for the other. The classic is
 * {@code Popen(..., stdout=PIPE)} followed by {@code wait()} on a child that writes more than the
 * pipe buffer (64 KiB).
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
    for (ThreadActivity waiter : process.window().threads()) {
      if (ChildWaits.waitedPid(waiter.kernelWait().syscall()).isEmpty()) {
        continue;
      }
      for (Diagnosis child : ChildWaits.waitedChildren(process, waiter, children)) {
        blockedWriter(process, child)
            .ifPresent(writer -> findings.add(finding(process, waiter, child, writer)));
      }
    }
    return findings;
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
        return Optional.of(new Writer(thread, pipe.get(), parentEnd.get()));
      }
    }
    return Optional.empty();
  }

  private record Writer(ThreadActivity thread, FdEntry childEnd, FdEntry parentEnd) {}

  private static Finding finding(
      Inspection process, ThreadActivity waiter, Diagnosis child, Writer writer) {
    Inspection childInspection = child.inspection();
    List<PythonFrame> keyFrames = frames(process, waiter);
    List<PythonFrame> childFrames = frames(childInspection, writer.thread());
    Optional<PythonFrame> childUser = UserFrames.innermostUserFrame(childFrames);
    OptionalInt waited = ChildWaits.waitedPid(waiter.kernelWait().syscall());
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waiter.kernelWait().describe()
            + (waited.getAsInt() == -1 ? " (any child)" : "")
            + ", unchanged in all "
            + Lookup.window(process));
    evidence.add(
        "child "
            + ChildWaits.describe(child)
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
    String explanation =
        "The child writes more output than the pipe holds (64 KiB) and waits for this process"
            + " to read it, while this process waits for the child to exit before reading: each"
            + " waits for the other, forever.";
    String fix =
        keyFrames.isEmpty()
            ? "Read the pipe (fd "
                + writer.parentEnd().fd()
                + ") until end of file before calling waitpid(), or poll it while waiting;"
                + " or send the child's output to a file instead of a pipe."
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

  private static List<PythonFrame> frames(Inspection inspection, ThreadActivity thread) {
    return UserFrames.keyFrames(
        Lookup.pythonThread(inspection.latest(), thread.tid())
            .map(PythonThread::frames)
            .orElse(List.of()));
  }
}
