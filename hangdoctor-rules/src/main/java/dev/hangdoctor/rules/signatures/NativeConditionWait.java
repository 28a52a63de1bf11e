package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.NativeStack;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.NativeFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The native side of {@code orphaned-wait}: a C thread waiting in {@code pthread_cond_wait} with no
 * timeout, unchanged over the whole window, called from the program's own code, while no other
 * thread of the process is inside the condition's code (signalling, or waiting for its mutex) and
 * none waits for input that could bring the signal (an idle worker pool's acceptor in {@code
 * accept()}, an event loop in {@code epoll_wait}: the waiting worker is then just idle). A signal
 * sent before the wait began is lost, so the wait may never end; whether one will still come cannot
 * be seen from outside, hence LOW confidence.
 */
final class NativeConditionWait {
  private static final int FUTEX = 202;
  private static final int FUTEX_CMD_MASK = 0x7f;
  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_WAIT_BITSET = 9;

  private NativeConditionWait() {}

  static List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (!thread.waitUnchanged() || thread.samplesSeen() < 2 || !untimedFutexWait(thread)) {
        continue;
      }
      Optional<NativeStack> stack = NativeFrames.stack(inspection, thread.tid());
      if (stack.isEmpty() || !inConditionWait(stack.get())) {
        continue;
      }
      List<NativeFrame> own = NativeFrames.userFrames(stack.get());
      if (own.isEmpty()
          || othersInCondition(inspection, thread.tid())
          || anotherWaitsForInput(inspection, thread.tid())) {
        continue;
      }
      findings.add(finding(inspection, thread, stack.get(), own));
    }
    return findings;
  }

  private static boolean untimedFutexWait(ThreadActivity thread) {
    SyscallState call = thread.kernelWait().syscall();
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || call.number() != FUTEX
        || call.arguments().size() < 4) {
      return false;
    }
    long op = call.arguments().get(1) & FUTEX_CMD_MASK;
    return (op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET) && call.arguments().get(3) == 0;
  }

  private static boolean inConditionWait(NativeStack stack) {
    return stack.frames().stream()
        .limit(6)
        .anyMatch(f -> f.function() != null && f.function().contains("pthread_cond_wait"));
  }

  /** Waits for something from outside the process, which may be what leads to the signal. */
  private static final Set<String> INPUT_WAITS =
      Set.of(
          "accept",
          "accept4",
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2",
          "poll",
          "ppoll",
          "select",
          "pselect6",
          "read",
          "readv",
          "recvfrom",
          "recvmsg",
          "msgrcv",
          "mq_timedreceive",
          "rt_sigtimedwait",
          "sigwaitinfo",
          "wait4",
          "waitid");

  private static boolean anotherWaitsForInput(Inspection inspection, int tid) {
    return inspection.window().threads().stream()
        .filter(other -> other.tid() != tid)
        .map(other -> other.kernelWait().syscall())
        .anyMatch(
            call ->
                call.status() == SyscallState.Status.IN_SYSCALL
                    && INPUT_WAITS.contains(call.name()));
  }

  private static boolean othersInCondition(Inspection inspection, int tid) {
    for (ThreadActivity other : inspection.window().threads()) {
      if (other.tid() == tid) {
        continue;
      }
      Optional<NativeStack> stack = NativeFrames.stack(inspection, other.tid());
      if (stack.isPresent()
          && stack.get().frames().stream()
              .limit(6)
              .anyMatch(
                  f ->
                      f.function() != null
                          && (f.function().contains("pthread_cond_")
                              || f.function().contains("pthread_mutex_lock")))) {
        return true;
      }
    }
    return false;
  }

  private static Finding finding(
      Inspection inspection, ThreadActivity thread, NativeStack stack, List<NativeFrame> own) {
    String who = "\"" + thread.name() + "\" (tid " + thread.tid() + ")";
    List<String> evidence = new ArrayList<>();
    evidence.add(
        who
            + " waits in pthread_cond_wait"
            + NativeFrames.where(own)
            + " with no timeout: "
            + thread.kernelWait().describe()
            + ", unchanged in all "
            + Lookup.window(inspection));
    evidence.add(NativeFrames.evidence(who, stack));
    evidence.add(
        "no other thread of the process is signalling the condition, waiting for its mutex or"
            + " waiting for input that could lead to the signal in any sample");
    String explanation =
        "pthread_cond_wait returns only when another thread calls pthread_cond_signal or"
            + " pthread_cond_broadcast after this thread began to wait; a signal sent before"
            + " that is lost, since a condition variable remembers nothing. No thread is"
            + " signalling it now, so if its signal already came (a lost wakeup), this thread"
            + " waits for ever; whether another will still come cannot be seen from outside.";
    String fix =
        "Wait for a predicate, not for the signal"
            + " ("
            + NativeFrames.at(own.get(0))
            + "): the signalling thread sets a flag under the same mutex before"
            + " pthread_cond_signal, and the waiter loops `while (!flag) pthread_cond_wait(&cond,"
            + " &lock);`, so a signal sent early is not lost (and a spurious wakeup does not end"
            + " the wait); use pthread_cond_timedwait where a bound is wanted.";
    return new Finding(
        OrphanedWait.ID,
        "condition wait nobody signals",
        Confidence.LOW,
        thread.tid(),
        thread.name(),
        NativeFrames.keyFrames(own),
        evidence,
        explanation,
        fix);
  }
}
