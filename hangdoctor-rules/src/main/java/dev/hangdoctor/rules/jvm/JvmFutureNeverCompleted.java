package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaIo;
import dev.hangdoctor.rules.internal.JavaStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread waiting, without a timeout, in {@code CompletableFuture.join()} or {@code get()} for the
 * whole window while nothing in the JVM could complete that future: every other application thread
 * is idle (pool workers waiting for tasks, threads parked for ever), none runs, none waits for I/O
 * or a timer. The code path that should have completed the future ended without doing so.
 */
final class JvmFutureNeverCompleted implements Rule {
  static final String ID = "jvm-future-never-completed";

  /** A thread at this CPU % may be the one computing the result. */
  private static final double WORKING_CPU_PERCENT = 5;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no thread waits for a CompletableFuture that nothing could complete";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (JavaThread waiter : stacks.get().applicationThreads()) {
      if (!untimedFutureWait(waiter) || !stacks.get().stuck(waiter)) {
        continue;
      }
      List<String> busy = whatCouldComplete(stacks.get(), waiter);
      if (busy.isEmpty()) {
        findings.add(finding(stacks.get(), waiter));
      }
    }
    return findings;
  }

  private static boolean untimedFutureWait(JavaThread thread) {
    return "WAITING".equals(thread.state())
        && JavaFrames.contains(
            thread.frames(), "java.util.concurrent.CompletableFuture", "waitingGet")
        && JavaFrames.innermostApplication(thread.frames()) > 0
        && Pools.waitForOtherWork(thread) != null
        && !JavaFrames.contains(
            thread.frames(), "java.util.concurrent.ThreadPoolExecutor", "runWorker")
        && !JavaFrames.contains(
            thread.frames(), "java.util.concurrent.ForkJoinWorkerThread", "run");
  }

  /** What else in the JVM might still complete the future; empty when nothing. */
  private static List<String> whatCouldComplete(JavaStacks stacks, JavaThread waiter) {
    List<String> reasons = new ArrayList<>();
    for (JavaThread thread : stacks.applicationThreads()) {
      if (thread == waiter || thread.virtual()) {
        continue;
      }
      Optional<ThreadActivity> kernel = stacks.kernel(thread);
      if (kernel.isPresent() && kernel.get().cpuPercent() >= WORKING_CPU_PERCENT) {
        reasons.add(thread.name() + " runs");
      } else if (JavaIo.socketRead(thread.frames())
          || (kernel.isPresent() && JavaIo.fd(kernel.get().kernelWait()).isPresent())) {
        reasons.add(thread.name() + " waits for I/O");
      } else if ("TIMED_WAITING".equals(thread.state()) && !Pools.idle(thread)) {
        reasons.add(thread.name() + " waits with a timeout");
      } else if (JavaFrames.containsClass(thread.frames(), "sun.nio.ch.SelectorImpl")
          && hasConnection(stacks)) {
        reasons.add(thread.name() + " waits in a selector with connections open");
      }
    }
    return reasons;
  }

  private static boolean hasConnection(JavaStacks stacks) {
    for (SocketEntry socket : stacks.inspection().latest().sockets()) {
      if (socket.protocol().isTcp() && socket.state() == SocketState.ESTABLISHED) {
        return true;
      }
    }
    return false;
  }

  private static Finding finding(JavaStacks stacks, JavaThread waiter) {
    String call =
        JavaFrames.call(waiter.frames())
            .map(f -> f.simpleClassName() + "." + f.method())
            .orElse("CompletableFuture.join");
    String at =
        JavaFrames.innermostApplicationFrame(waiter.frames())
            .map(JavaFrames::shortly)
            .orElse("its caller");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        JavaStacks.who(waiter)
            + " waits in "
            + call
            + " at "
            + at
            + " with no timeout, unchanged in every dump");
    List<String> idle =
        stacks.applicationThreads().stream()
            .filter(t -> t != waiter && !t.virtual())
            .map(t -> t.name() + (Pools.idle(t) ? " (idle pool worker)" : " (" + t.state() + ")"))
            .toList();
    evidence.add(
        "nothing is working on it: "
            + (idle.isEmpty()
                ? "no other application thread exists"
                : "every other application thread is idle: " + String.join(", ", idle))
            + "; no thread runs, waits for I/O or for a timer");
    String kernel = stacks.kernelLine(waiter);
    if (!kernel.isEmpty()) {
      evidence.add("tid " + waiter.nativeThreadId() + ": " + kernel);
    }
    String explanation =
        "The future is never completed: whatever was to call complete() or"
            + " completeExceptionally() on it has ended without doing so (typically a callback"
            + " that threw, or a failure path that forgot to complete the future), and nothing"
            + " else in the JVM is working on it. "
            + call
            + "() without a timeout waits for ever.";
    String fix =
        "Complete the future on every path (completeExceptionally in every failure handler;"
            + " catch exceptions in callbacks and complete with them), and wait with a limit at "
            + at
            + ": future.get(timeout, unit) or future.orTimeout(…).join().";
    return Findings.about(
        ID,
        "future that nothing will complete",
        Confidence.HIGH,
        waiter,
        JavaFrames.keyFrames(waiter.frames()),
        evidence,
        explanation,
        fix);
  }
}
