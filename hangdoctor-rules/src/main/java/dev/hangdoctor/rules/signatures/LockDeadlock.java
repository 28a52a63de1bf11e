package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Threads that each wait for a lock another of them holds. With pthread mutexes the owners are read
 * from memory and the cycle of the wait-for graph is the proof (HIGH). Python's {@code
 * threading.Lock} records no owner, so there the signature is two or more threads blocked acquiring
 * a lock in the user's code while every thread of the process sits in an untimed futex wait: no
 * thread is left that could release a lock (MEDIUM).
 */
final class LockDeadlock implements Rule {
  static final String ID = "lock-deadlock";
  static final String KIND = "lock deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    LockWaits waits = new LockWaits(inspection);
    List<Finding> findings = new ArrayList<>();
    for (List<ThreadActivity> cycle : waits.cycles()) {
      findings.add(cycleFinding(inspection, waits, cycle));
    }
    List<ThreadActivity> pythonWaiters = waits.pythonLockWaiters();
    if (pythonWaiters.size() >= 2 && waits.allThreadsBlockedOnFutexes()) {
      findings.add(pythonFinding(inspection, waits, pythonWaiters));
    }
    return findings;
  }

  private static Finding cycleFinding(
      Inspection inspection, LockWaits waits, List<ThreadActivity> cycle) {
    ThreadActivity first = cycle.get(0);
    List<String> evidence = new ArrayList<>();
    for (ThreadActivity thread : cycle) {
      ThreadActivity owner = waits.thread(thread.kernelWait().lockOwnerTid()).orElseThrow();
      evidence.add(
          waits.who(thread)
              + " waits for mutex "
              + LockWaits.address(thread)
              + " held by "
              + (owner == thread ? "itself" : waits.who(owner))
              + waits.where(thread));
    }
    evidence.add(
        "every wait unchanged in all "
            + Lookup.window(inspection)
            + " ("
            + first.kernelWait().describe()
            + ")");
    String explanation;
    String fix;
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(first));
    if (cycle.size() == 1) {
      explanation =
          "The thread locks a non-recursive mutex it already holds, so it waits for itself and"
              + " never wakes.";
      fix =
          "Do not take mutex "
              + LockWaits.address(first)
              + " again while holding it"
              + locationHint(keyFrames)
              + ": release it before calling code that locks it, or make it recursive"
              + " (PTHREAD_MUTEX_RECURSIVE; threading.RLock in Python).";
    } else {
      explanation =
          "Each of these threads holds a mutex the next one waits for, around a cycle: a"
              + " lock-order deadlock. None of them can go on, and every thread that needs one"
              + " of these mutexes will block behind them.";
      fix =
          "Acquire these mutexes in one fixed order everywhere (for example by address or by a"
              + " rank given to each lock)"
              + locationHint(keyFrames)
              + ", or take the second with pthread_mutex_trylock/timedlock and back off,"
              + " releasing the first, when it fails.";
    }
    return new Finding(
        ID,
        KIND,
        Confidence.HIGH,
        first.tid(),
        Lookup.threadName(inspection, first),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Finding pythonFinding(
      Inspection inspection, LockWaits waits, List<ThreadActivity> waiters) {
    ThreadActivity first = waiters.get(0);
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(first));
    List<String> evidence = new ArrayList<>();
    for (ThreadActivity thread : waiters) {
      evidence.add(
          waits.who(thread)
              + " blocked acquiring a lock"
              + waits.where(thread)
              + ": "
              + thread.kernelWait().describe()
              + ", no timeout, unchanged in all "
              + Lookup.window(inspection));
    }
    evidence.add(
        "all "
            + inspection.window().threads().size()
            + " threads of the process wait in untimed futex calls; none runs");
    evidence.add("threading.Lock does not record its owner, so the cycle itself is not shown");
    String sites =
        waiters.stream()
            .map(thread -> UserFrames.innermostUserFrame(waits.frames(thread)))
            .flatMap(Optional::stream)
            .map(frame -> UserFrames.location(frame) + " in " + frame.qualifiedName())
            .distinct()
            .collect(Collectors.joining(", "));
    String explanation =
        waiters.size()
            + " threads wait, without a timeout, to acquire locks in your code while every other"
            + " thread of the process waits too: nobody is left to release a lock. Threads that"
            + " take the same locks in different orders (A then B, and B then A) deadlock like"
            + " this.";
    String fix =
        "Take the locks in one fixed order in every code path"
            + (sites.isEmpty() ? "" : " (at " + sites + ")")
            + ", or acquire the second lock with lock.acquire(timeout=...) and back off by"
            + " releasing the first when it fails.";
    return new Finding(
        ID,
        KIND,
        Confidence.MEDIUM,
        first.tid(),
        Lookup.threadName(inspection, first),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String locationHint(List<PythonFrame> keyFrames) {
    return keyFrames.isEmpty()
        ? ""
        : " (at "
            + UserFrames.location(keyFrames.get(0))
            + " in "
            + keyFrames.get(0).qualifiedName()
            + ")";
  }
}
