package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskLockHold;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * asyncio tasks that each wait for an {@code asyncio.Lock} another of them holds in an {@code async
 * with} block: a cycle of lock edges between tasks, every wait the same in the first and the last
 * sample. An {@code asyncio.Lock} records no owner; the holder is the task whose suspended frame
 * keeps the lock's {@code __aexit__} on its value stack. The loop is idle, no thread is blocked,
 * and no thread stack shows either task.
 */
final class TaskLockDeadlock implements Rule {
  static final String ID = "lock-deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no cycle of asyncio tasks each waiting for an asyncio.Lock another holds";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<AsyncTasks> latest = TaskGraphs.of(inspection.latest());
    if (latest.isEmpty()) {
      return List.of();
    }
    Optional<AsyncTasks> first = TaskGraphs.of(inspection.samples().get(0));
    Map<Long, AsyncTask> holderOf = new HashMap<>();
    for (AsyncTask task : latest.get().tasks()) {
      for (TaskLockHold hold : task.holds()) {
        holderOf.putIfAbsent(hold.lock(), task);
      }
    }
    List<Finding> findings = new ArrayList<>();
    Set<Long> reported = new HashSet<>();
    for (AsyncTask task : latest.get().tasks()) {
      if (reported.contains(task.address())) {
        continue;
      }
      List<AsyncTask> cycle = cycleFrom(task, holderOf, first);
      if (!cycle.isEmpty()) {
        cycle.forEach(member -> reported.add(member.address()));
        findings.add(finding(inspection, cycle, TaskGraphs.isTrio(latest.get(), task)));
      }
    }
    return findings;
  }

  /** The lock {@code task} waits for, the same in the first sample as now; 0 when none. */
  private static long lockWaited(AsyncTask task, Optional<AsyncTasks> first) {
    TaskWait wait = task.waitsOn();
    if (wait == null || wait.kind() != TaskWait.Kind.LOCK || wait.waitObject() == 0) {
      return 0;
    }
    if (first.isPresent()) {
      AsyncTask earlier = first.get().task(task.address());
      if (earlier == null
          || earlier.waitsOn() == null
          || earlier.waitsOn().waitObject() != wait.waitObject()) {
        return 0;
      }
    }
    return wait.waitObject();
  }

  /** The tasks of the lock cycle {@code start} is on, starting with it; empty when none. */
  private static List<AsyncTask> cycleFrom(
      AsyncTask start, Map<Long, AsyncTask> holderOf, Optional<AsyncTasks> first) {
    Set<Long> seen = new LinkedHashSet<>();
    List<AsyncTask> path = new ArrayList<>();
    AsyncTask current = start;
    while (current != null && seen.add(current.address())) {
      path.add(current);
      long lock = lockWaited(current, first);
      current = lock == 0 ? null : holderOf.get(lock);
    }
    if (current == null || current.address() != start.address() || path.size() < 2) {
      return List.of();
    }
    return path;
  }

  private static Finding finding(Inspection inspection, List<AsyncTask> cycle, boolean trio) {
    String lockType = trio ? "trio.Lock" : "asyncio.Lock";
    List<PythonFrame> keyFrames = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cycle.size(); i++) {
      AsyncTask task = cycle.get(i);
      AsyncTask next = cycle.get((i + 1) % cycle.size());
      long waited = task.waitsOn().waitObject();
      TaskLockHold held = holdOf(next, waited);
      TaskLockHold mine = task.holds().isEmpty() ? null : task.holds().get(0);
      Optional<TaskFrame> awaitLine = userAwait(task);
      awaitLine.ifPresent(f -> addOnce(keyFrames, f.frame()));
      names.add("\"" + task.name() + "\"");
      evidence.add(
          "task \""
              + task.name()
              + "\""
              + (mine == null ? "" : " holds " + lockName(mine, lockType) + " and")
              + " waits for "
              + task.waitsOn().description()
              + String.format(" (0x%x)", waited)
              + awaitLine
                  .map(f -> " at " + UserFrames.location(f.frame()) + "  " + text(f.source()))
                  .orElse("")
              + ", which task \""
              + next.name()
              + "\" holds"
              + (held.name() == null ? "" : " as `" + held.name() + "`")
              + (held.frame() == null ? "" : " in " + held.frame().qualifiedName()));
    }
    evidence.add("every wait the same in all " + Lookup.window(inspection));
    AsyncTask lead = cycle.get(0);
    String threadName =
        Lookup.activity(inspection, lead.nativeThreadId())
            .map(activity -> Lookup.threadName(inspection, activity))
            .orElse(null);
    String explanation =
        "Tasks "
            + String.join(" and ", names)
            + " each hold "
            + (trio ? "a trio.Lock" : "an asyncio.Lock")
            + " in an `async with` block and wait for the lock another"
            + " of them holds: a lock-order deadlock between tasks. "
            + (trio ? "A trio.Lock" : "An asyncio.Lock")
            + " is released only when its holder's `async with` block ends, and every holder is"
            + " suspended waiting for the next. The "
            + (trio ? "trio run loop" : "event loop")
            + " is idle and keeps serving other work, so no"
            + " thread is blocked and no thread stack shows these tasks; they never finish.";
    String fix =
        "Take the locks in one fixed order in every task (sort them by a key, e.g. the warehouse"
            + " or account id, before the nested `async with`), or take the second lock with a"
            + (trio
                ? " bound (with trio.move_on_after(...): await lock.acquire()) and release the"
                : " bound (async with asyncio.timeout(...): await lock.acquire()) and release the")
            + " first to retry when it times out"
            + keyFrames.stream()
                .findFirst()
                .map(f -> "; the nested acquire is at " + UserFrames.location(f) + ".")
                .orElse(".");
    return new Finding(
        ID,
        (trio ? "trio" : "asyncio") + " lock deadlock between " + cycle.size() + " tasks",
        Confidence.HIGH,
        lead.nativeThreadId(),
        threadName,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static TaskLockHold holdOf(AsyncTask holder, long lock) {
    for (TaskLockHold hold : holder.holds()) {
      if (hold.lock() == lock) {
        return hold;
      }
    }
    return new TaskLockHold(lock, null, null);
  }

  private static String lockName(TaskLockHold hold, String lockType) {
    return (hold.name() == null ? "a " + lockType : lockType + " `" + hold.name() + "`")
        + String.format(" (0x%x)", hold.lock());
  }

  private static Optional<TaskFrame> userAwait(AsyncTask task) {
    for (int i = task.stack().size() - 1; i >= 0; i--) {
      if (!UserFrames.isLibrary(task.stack().get(i).frame().file())) {
        return Optional.of(task.stack().get(i));
      }
    }
    return Optional.empty();
  }

  private static void addOnce(List<PythonFrame> frames, PythonFrame frame) {
    if (!frames.contains(frame)) {
      frames.add(frame);
    }
  }

  private static String text(String source) {
    return source == null ? "" : source.strip();
  }
}
