package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaDeadlock;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.JavaWaitGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Java threads that each wait for a monitor ({@code synchronized}) or a java.util.concurrent lock
 * another of them holds, in a cycle that stayed the same in every dump of the window: a lock-order
 * deadlock, monitors and {@code ReentrantLock}s mixed. The holders come from the dump (the {@code -
 * locked} frames and the ownable synchronizers of {@code Thread.print -l}); HotSpot's own deadlock
 * report, when it has one, is quoted as confirmation.
 */
final class JvmLockDeadlock implements Rule {
  static final String ID = "jvm-lock-deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no cycle of Java threads waiting for each other's monitors or locks";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    JavaWaitGraph graph = new JavaWaitGraph(stacks.get().threads());
    List<Finding> findings = new ArrayList<>();
    for (List<JavaThread> cycle : graph.cycles()) {
      boolean locksOnly =
          cycle.stream().allMatch(t -> t.waitingFor().kind() != JavaLockWait.Kind.CLASS_INIT);
      if (locksOnly && cycle.stream().allMatch(stacks.get()::stuck)) {
        findings.add(finding(stacks.get(), graph, cycle));
      }
    }
    return findings;
  }

  private static Finding finding(JavaStacks stacks, JavaWaitGraph graph, List<JavaThread> cycle) {
    List<String> evidence = new ArrayList<>();
    List<PythonFrame> keyFrames = new ArrayList<>();
    boolean monitorsOnly = true;
    for (JavaThread thread : cycle) {
      JavaThread holder = graph.holderOf(thread);
      JavaLockWait wait = thread.waitingFor();
      monitorsOnly &= wait.kind() == JavaLockWait.Kind.MONITOR_ENTER;
      evidence.add(edge(thread, holder));
      for (PythonFrame frame : JavaFrames.keyFrames(thread.frames())) {
        if (!keyFrames.contains(frame)) {
          keyFrames.add(frame);
        }
      }
    }
    for (JavaDeadlock deadlock : stacks.latest().deadlocks()) {
      if (deadlock.edges().stream().anyMatch(e -> e.thread().equals(cycle.get(0).name()))) {
        evidence.add("HotSpot's own deadlock detector reports the same cycle");
      }
    }
    for (JavaThread thread : cycle) {
      String kernel = stacks.kernelLine(thread);
      if (!kernel.isEmpty()) {
        evidence.add("tid " + thread.nativeThreadId() + ": " + kernel);
      }
    }
    JavaThread first = cycle.get(0);
    String where =
        JavaFrames.innermostApplicationFrame(first.frames())
            .map(JavaFrames::shortly)
            .orElse("the frames above");
    String explanation =
        "Each of these threads holds a lock the next one in the cycle waits for, so none can go on:"
            + " the same locks are taken in opposite orders on different code paths ("
            + orders(cycle)
            + "). Java never breaks a deadlock and the waits have no timeout: these threads stay"
            + " blocked, with everything that needs those locks, until the JVM is killed.";
    String fix =
        "Take the locks in one fixed order on every path (at "
            + where
            + ": order them by a stable key such as an id before locking)"
            + (monitorsOnly
                ? ", or replace the nested synchronized blocks by ReentrantLock.tryLock(timeout) and"
                    + " release and retry when it fails"
                : ", or take the second lock with tryLock(timeout) and release the first when it"
                    + " fails; never call out to code that locks while holding a lock (a listener,"
                    + " a store, a registry)")
            + ".";
    return Findings.about(
        ID, "Java lock deadlock", Confidence.HIGH, first, keyFrames, evidence, explanation, fix);
  }

  /**
   * {@code "a" (tid 1) waits to lock <0x…> (a X) at Ledger.transfer(Ledger.java:23), held by …}.
   */
  private static String edge(JavaThread thread, JavaThread holder) {
    JavaLockWait wait = thread.waitingFor();
    String how =
        wait.kind() == JavaLockWait.Kind.MONITOR_ENTER
            ? "waits to lock (synchronized) "
            : "waits to lock (parked on) ";
    String at =
        JavaFrames.innermostApplicationFrame(thread.frames())
            .map(frame -> " at " + JavaFrames.shortly(frame))
            .orElse("");
    String taken =
        takenAt(holder, wait)
            .map(frame -> ", which holds it in " + JavaFrames.shortly(frame))
            .orElse("");
    return JavaStacks.who(thread)
        + " "
        + how
        + wait.object().describe()
        + at
        + ", held by "
        + JavaStacks.who(holder)
        + taken;
  }

  /** The holder's frame that locked the monitor (a java.util.concurrent lock does not say). */
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

  /** {@code settlement-1 holds Account <…1a0> and wants <…150>; settlement-2 …}. */
  private static String orders(List<JavaThread> cycle) {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < cycle.size(); i++) {
      JavaThread thread = cycle.get(i);
      JavaThread previous = cycle.get((i + cycle.size() - 1) % cycle.size());
      orders.add(
          thread.name()
              + " holds "
              + previous.waitingFor().object().describe()
              + " and wants "
              + thread.waitingFor().object().describe());
    }
    return String.join("; ", orders);
  }
}
