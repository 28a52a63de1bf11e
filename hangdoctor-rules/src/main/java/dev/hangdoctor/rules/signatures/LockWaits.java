package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lock waits of one inspection, shared by {@link LockDeadlock} and {@link LongLockWait}: the
 * wait-for graph of threads blocked on mutexes with a known owner and its cycles, and the Python
 * threads blocked acquiring a lock straight from the user's code ({@code with lock:}, {@code
 * lock.acquire()}), whose owner CPython does not record.
 */
final class LockWaits {
  /** futex operations (without the private and clock flags) that block until woken. */
  private static final Set<Long> WAITING_FUTEX_OPS = Set.of(0L, 6L, 9L, 11L, 13L);

  private static final long FUTEX_CMD_MASK = 0x7f;

  private final Inspection inspection;
  private final Map<Integer, ThreadActivity> byTid = new LinkedHashMap<>();

  LockWaits(Inspection inspection) {
    this.inspection = inspection;
    for (ThreadActivity thread : inspection.window().threads()) {
      byTid.put(thread.tid(), thread);
    }
  }

  /** A blocking futex wait without a timeout: a mutex, semaphore, condition or join. */
  static boolean untimedFutex(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !"futex".equals(call.name())
        || call.arguments().size() < 4) {
      return false;
    }
    long op = call.arguments().get(1) & FUTEX_CMD_MASK;
    return WAITING_FUTEX_OPS.contains(op) && call.arguments().get(3) == 0;
  }

  /**
   * Every cycle of the wait-for graph (thread → owner of the mutex it waits for), each starting at
   * its lowest tid; a thread relocking a mutex it holds is a cycle of one.
   */
  List<List<ThreadActivity>> cycles() {
    Set<Set<Integer>> seen = new LinkedHashSet<>();
    List<List<ThreadActivity>> cycles = new ArrayList<>();
    for (ThreadActivity start : byTid.values()) {
      List<Integer> path = new ArrayList<>();
      Integer current = start.tid();
      while (current != null && !path.contains(current)) {
        path.add(current);
        current = ownerOf(current);
      }
      if (current == null) {
        continue;
      }
      List<Integer> cycle = path.subList(path.indexOf(current), path.size());
      if (seen.add(Set.copyOf(cycle))) {
        int lowest = cycle.indexOf(cycle.stream().min(Integer::compare).orElseThrow());
        List<ThreadActivity> ordered = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
          ordered.add(byTid.get(cycle.get((lowest + i) % cycle.size())));
        }
        cycles.add(ordered);
      }
    }
    return cycles;
  }

  /** Threads of {@link #cycles()}. */
  Set<Integer> inCycles() {
    Set<Integer> tids = new LinkedHashSet<>();
    for (List<ThreadActivity> cycle : cycles()) {
      cycle.forEach(thread -> tids.add(thread.tid()));
    }
    return tids;
  }

  /** The owner of the mutex {@code tid} waits for, when it waited for it all window long. */
  private Integer ownerOf(int tid) {
    ThreadActivity thread = byTid.get(tid);
    if (thread == null || !thread.waitUnchanged() || !thread.kernelWait().hasLockOwner()) {
      return null;
    }
    int owner = thread.kernelWait().lockOwnerTid();
    return byTid.containsKey(owner) ? owner : null;
  }

  /** Threads that waited all window long for a mutex whose owner is known. */
  List<ThreadActivity> mutexWaiters() {
    return byTid.values().stream().filter(t -> ownerOf(t.tid()) != null).toList();
  }

  Optional<ThreadActivity> thread(int tid) {
    return Optional.ofNullable(byTid.get(tid));
  }

  /**
   * Python threads in an untimed futex wait all window long whose innermost Python frame is the
   * user's own code: a lock acquired there ({@code threading.Lock} is C code, so no library frame
   * lies between). Waits inside {@code threading}, {@code queue} or {@code concurrent.futures}
   * (Condition.wait, join, Queue.get, Future.result) have a library frame innermost and are not
   * lock acquires.
   */
  List<ThreadActivity> pythonLockWaiters() {
    List<ThreadActivity> waiters = new ArrayList<>();
    for (ThreadActivity thread : byTid.values()) {
      if (!thread.waitUnchanged()
          || thread.kernelWait().hasLockOwner()
          || !untimedFutex(thread.kernelWait().syscall())) {
        continue;
      }
      List<PythonFrame> frames = frames(thread);
      if (!frames.isEmpty() && !UserFrames.isLibrary(frames.get(0).file())) {
        waiters.add(thread);
      }
    }
    return waiters;
  }

  /** True when every thread of the process sat in an untimed futex wait all window long. */
  boolean allThreadsBlockedOnFutexes() {
    return !byTid.isEmpty()
        && byTid.values().stream()
            .allMatch(t -> t.waitUnchanged() && untimedFutex(t.kernelWait().syscall()));
  }

  /** The thread's Python stack in the last sample, innermost first; empty when none was read. */
  List<PythonFrame> frames(ThreadActivity thread) {
    return Lookup.pythonThread(inspection.latest(), thread.tid())
        .map(PythonThread::frames)
        .orElse(List.of());
  }

  /** {@code "transfer-ab" (tid 9660)}. */
  String who(ThreadActivity thread) {
    return "\"" + Lookup.threadName(inspection, thread) + "\" (tid " + thread.tid() + ")";
  }

  /** {@code " at app.py:17 (transfer)"}, or nothing without a Python stack. */
  String where(ThreadActivity thread) {
    return UserFrames.innermostUserFrame(frames(thread))
        .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
        .orElse("");
  }

  /** The futex address a thread waits on, in hex. */
  static String address(ThreadActivity thread) {
    return "0x" + Long.toHexString(thread.kernelWait().syscall().arguments().get(0));
  }
}
