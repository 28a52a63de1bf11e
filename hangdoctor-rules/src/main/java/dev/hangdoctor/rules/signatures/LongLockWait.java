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
import java.util.Locale;
import java.util.Set;

/**
 * A thread blocked for the whole window acquiring a lock that is held, but not in a deadlock: with
 * a pthread mutex the holder is known and what it does is shown (MEDIUM); a Python thread blocked
 * acquiring a {@code threading.Lock} in the user's code while other threads still run or sleep is
 * LOW, since the holder cannot be named.
 */
final class LongLockWait implements Rule {
  static final String ID = "long-lock-wait";
  static final String KIND = "long lock wait";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    LockWaits waits = new LockWaits(inspection);
    Set<Integer> deadlocked = waits.inCycles();
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity waiter : waits.mutexWaiters()) {
      if (!deadlocked.contains(waiter.tid())) {
        findings.add(mutexFinding(inspection, waits, waiter));
      }
    }
    List<ThreadActivity> pythonWaiters = waits.pythonLockWaiters();
    boolean deadlock = pythonWaiters.size() >= 2 && waits.allThreadsBlockedOnFutexes();
    if (!deadlock) {
      for (ThreadActivity waiter : pythonWaiters) {
        findings.add(pythonFinding(inspection, waits, waiter));
      }
    }
    return findings;
  }

  private static Finding mutexFinding(
      Inspection inspection, LockWaits waits, ThreadActivity waiter) {
    ThreadActivity holder = waits.thread(waiter.kernelWait().lockOwnerTid()).orElseThrow();
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(waiter));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waits.who(waiter)
            + " waits for mutex "
            + LockWaits.address(waiter)
            + waits.where(waiter)
            + ": "
            + waiter.kernelWait().describe()
            + ", unchanged in all "
            + Lookup.window(inspection));
    evidence.add(
        "held by " + waits.who(holder) + ", which " + activity(holder) + waits.where(holder));
    String explanation =
        "The thread has waited the whole window for a mutex that "
            + waits.who(holder)
            + " holds while it "
            + activity(holder)
            + ". Work that needs this mutex is serialised behind that holder.";
    String fix =
        "Keep the critical section of "
            + waits.who(holder)
            + " short: do slow work (I/O, sleeps, waits for other threads) outside the mutex,"
            + " or bound the wait with pthread_mutex_timedlock and report the contention.";
    return new Finding(
        ID,
        KIND,
        Confidence.MEDIUM,
        waiter.tid(),
        Lookup.threadName(inspection, waiter),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Finding pythonFinding(
      Inspection inspection, LockWaits waits, ThreadActivity waiter) {
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(waiter));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waits.who(waiter)
            + " blocked acquiring a lock"
            + waits.where(waiter)
            + ": "
            + waiter.kernelWait().describe()
            + ", no timeout, unchanged in all "
            + Lookup.window(inspection));
    List<String> others = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (thread.tid() != waiter.tid()
          && !(thread.waitUnchanged() && LockWaits.untimedFutex(thread.kernelWait().syscall()))) {
        others.add(waits.who(thread) + " " + activity(thread) + waits.where(thread));
      }
    }
    if (!others.isEmpty()) {
      evidence.add("threads that may hold the lock: " + String.join("; ", others));
    }
    evidence.add("threading.Lock does not record its owner");
    String site = keyFrames.isEmpty() ? "" : " at " + UserFrames.location(keyFrames.get(0));
    String explanation =
        "The thread has waited the whole window to acquire a lock"
            + site
            + ", without a timeout, while another thread keeps it: typically a thread holding"
            + " the lock across slow work (a network call, a sleep, a long computation).";
    String fix =
        "Find the code that holds this lock and move the slow work out of its `with lock:`"
            + " block; where waiting is acceptable, bound it"
            + (site.isEmpty() ? "" : site)
            + " with lock.acquire(timeout=...) and handle the failure.";
    return new Finding(
        ID,
        KIND,
        Confidence.LOW,
        waiter.tid(),
        Lookup.threadName(inspection, waiter),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** "runs at 95 % CPU", "waits in clock_nanosleep(…)". */
  private static String activity(ThreadActivity thread) {
    if (thread.kernelWait().isRunning()) {
      return String.format(Locale.ROOT, "runs at %.0f %% CPU", thread.cpuPercent());
    }
    return "waits in " + thread.kernelWait().describe();
  }
}
