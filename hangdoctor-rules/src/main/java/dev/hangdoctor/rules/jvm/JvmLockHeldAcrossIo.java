package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaIo;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.JavaTimeoutAdvice;
import dev.hangdoctor.rules.internal.JavaWaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A thread that holds a lock (a monitor, or a java.util.concurrent lock) while it blocks in a
 * socket read that does not return, and other threads waiting for that lock: one silent peer stalls
 * every thread that needs the lock. The holder's read and the waiters' waits stayed the same over
 * the window.
 */
final class JvmLockHeldAcrossIo implements Rule {
  static final String ID = "jvm-lock-held-across-io";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no thread holds a lock others wait for while it blocks in I/O";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    JavaWaitGraph graph = new JavaWaitGraph(stacks.get().threads());
    List<Finding> findings = new ArrayList<>();
    for (JavaThread holder : stacks.get().applicationThreads()) {
      if (!JavaIo.socketRead(holder.frames()) || !stacks.get().stuck(holder)) {
        continue;
      }
      List<JavaThread> waiters =
          graph.waitersOf(holder).stream().filter(stacks.get()::stuck).toList();
      if (!waiters.isEmpty()) {
        findings.add(finding(stacks.get(), holder, waiters));
      }
    }
    return findings;
  }

  private static Finding finding(JavaStacks stacks, JavaThread holder, List<JavaThread> waiters) {
    JavaLockWait wanted = waiters.get(0).waitingFor();
    Optional<JavaFrame> takenAt = takenAt(holder, wanted);
    String lock = wanted.object().describe();
    String at =
        takenAt
            .or(() -> JavaFrames.innermostApplicationFrame(holder.frames()))
            .map(JavaFrames::shortly)
            .orElse("its caller");
    String call =
        JavaFrames.call(holder.frames())
            .map(f -> f.simpleClassName() + "." + f.method())
            .orElse("a socket read");
    Optional<ThreadActivity> kernel = stacks.kernel(holder);
    Optional<SocketEntry> socket =
        kernel.flatMap(k -> JavaIo.socket(stacks.inspection(), k.kernelWait()));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        JavaStacks.who(holder)
            + " holds "
            + lock
            + (takenAt.isPresent() ? ", locked in " + JavaFrames.shortly(takenAt.get()) : "")
            + ", while it waits in "
            + call
            + (JavaIo.untimedSocketRead(holder.frames())
                ? " (a socket read with no timeout)"
                : ""));
    String kernelLine = stacks.kernelLine(holder);
    if (!kernelLine.isEmpty()) {
      evidence.add("tid " + holder.nativeThreadId() + ": " + kernelLine);
    }
    socket.ifPresent(
        s ->
            evidence.add(
                "fd "
                    + s.fd()
                    + ": "
                    + Lookup.describe(s)
                    + " ("
                    + s.unreadBytes()
                    + " bytes unread)"));
    evidence.add(
        waiters.size()
            + " thread(s) wait for that lock: "
            + waiters.stream()
                .map(
                    w ->
                        JavaStacks.who(w)
                            + JavaFrames.innermostApplicationFrame(w.frames())
                                .map(f -> " at " + JavaFrames.shortly(f))
                                .orElse(""))
                .collect(Collectors.joining(", ")));
    List<PythonFrame> keyFrames = new ArrayList<>(JavaFrames.keyFrames(holder.frames()));
    takenAt.map(JavaFrames::record).filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);
    String peer = socket.map(s -> String.valueOf(s.remote())).orElse("its peer");
    String explanation =
        "The thread holds a lock across a network call that does not return: it waits for "
            + peer
            + ", which sends nothing, and every thread that needs the lock queues behind it. One"
            + " silent peer stalls all of them.";
    String fix =
        "At "
            + at
            + ": do the I/O outside the lock (connect and read first, then take the lock only to"
            + " update the shared state), and "
            + JavaTimeoutAdvice.forSocketRead(holder.frames())
            + ".";
    return Findings.about(
        ID,
        "lock held across blocking I/O",
        Confidence.HIGH,
        holder,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Optional<JavaFrame> takenAt(JavaThread holder, JavaLockWait wait) {
    for (JavaFrame frame : holder.frames()) {
      for (JavaLockEvent event : frame.locks()) {
        if (event.kind() == JavaLockEvent.Kind.LOCKED && event.object().equals(wait.object())) {
          return Optional.of(frame);
        }
      }
    }
    return Optional.empty();
  }
}
