package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An asyncio task (a request) suspended on an executor job ({@code run_in_executor}, {@code
 * to_thread}) whose worker thread sits in a wait without a timeout for the whole window, with the
 * same task waiting on the same job in the first and the last sample: the loop is idle and answers
 * other requests, but this one never finishes. No thread stack shows the task; the task graph links
 * it to the thread.
 */
final class TaskAwaitsStuckWorker implements Rule {
  static final String ID = "task-awaits-stuck-worker";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return TaskGraphs.of(inspection.latest()).isEmpty()
        ? "no asyncio task graph was read"
        : "no asyncio task waits on an executor job whose worker is blocked without a timeout";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<AsyncTasks> latest = TaskGraphs.of(inspection.latest());
    Optional<AsyncTasks> first = TaskGraphs.of(inspection.samples().get(0));
    if (latest.isEmpty()) {
      return List.of();
    }
    Map<Integer, List<AsyncTask>> byWorker = new LinkedHashMap<>();
    for (AsyncTask task : latest.get().tasks()) {
      TaskWait wait = task.waitsOn();
      if (wait == null
          || wait.kind() != TaskWait.Kind.EXECUTOR_JOB
          || wait.worker() == null
          || wait.worker().nativeThreadId() == 0
          || !TaskGraphs.sameWaitEarlier(first, task)) {
        continue;
      }
      byWorker.computeIfAbsent(wait.worker().nativeThreadId(), k -> new ArrayList<>()).add(task);
    }
    List<Finding> findings = new ArrayList<>();
    byWorker.forEach(
        (tid, tasks) ->
            Lookup.activity(inspection, tid)
                .filter(TaskAwaitsStuckWorker::stuck)
                .ifPresent(
                    worker -> findings.add(finding(inspection, latest.get(), worker, tasks))));
    return findings;
  }

  /** In the very same wait for the whole window, and a wait that does not end by itself. */
  private static boolean stuck(ThreadActivity worker) {
    return worker.waitUnchanged()
        && !worker.kernelWait().isRunning()
        && Waits.timedIdleWait(worker.kernelWait().syscall()).isEmpty();
  }

  private static Finding finding(
      Inspection inspection, AsyncTasks graph, ThreadActivity worker, List<AsyncTask> tasks) {
    AsyncTask task = tasks.get(0);
    boolean trio = TaskGraphs.isTrio(graph, task);
    List<PythonFrame> workerFrames = Lookup.frames(inspection.latest(), worker.tid());
    List<PythonFrame> workerKey = UserFrames.keyFrames(workerFrames);
    Optional<PythonFrame> awaitFrame = TaskGraphs.awaitingUserFrame(task);
    List<PythonFrame> keyFrames = new ArrayList<>(workerKey);
    awaitFrame.ifPresent(keyFrames::add);
    String workerName = Lookup.threadName(inspection, worker);
    String function = task.waitsOn().worker().function();
    String job =
        function == null || function.isEmpty()
            ? (trio ? "a to_thread.run_sync job" : "an executor job")
            : function + "()";
    String workerAt =
        workerKey.isEmpty()
            ? ""
            : " at "
                + UserFrames.location(workerKey.get(0))
                + " ("
                + workerKey.get(0).qualifiedName()
                + ")";

    List<String> evidence = new ArrayList<>();
    for (AsyncTask waiting : tasks) {
      evidence.add(
          "task \""
              + waiting.name()
              + "\" awaits "
              + job
              + (trio
                  ? " (trio.to_thread.run_sync)"
                  : " (concurrent future " + waiting.waitsOn().worker().jobState() + ")")
              + awaitFrame.map(f -> " at " + UserFrames.location(f)).orElse("")
              + awaitedBy(graph, waiting));
    }
    evidence.add(
        "worker \""
            + workerName
            + "\" (tid "
            + worker.tid()
            + ") runs that job: "
            + Lookup.waitAndSocket(inspection, worker)
            + workerAt
            + ", unchanged in all "
            + Lookup.window(inspection));
    String explanation =
        "The "
            + (trio ? "trio run loop" : "event loop")
            + " is idle and keeps serving other requests, but task \""
            + task.name()
            + "\" is suspended until "
            + job
            + " returns, and the worker thread running it is blocked in "
            + worker.kernelWait().syscall().name()
            + "() with no timeout. No thread's stack shows the task: only the task graph links it"
            + " to the worker. The request never finishes, and each retry takes another worker"
            + (trio
                ? " thread and another token of the default CapacityLimiter (40) until none is left."
                : " from the pool until it is exhausted.");
    String workerFix =
        workerKey.isEmpty()
            ? "Give the worker's blocking call a timeout"
            : "Give the blocking call at "
                + UserFrames.location(workerKey.get(0))
                + " ("
                + workerKey.get(0).qualifiedName()
                + ") a timeout (sock.settimeout(seconds), timeout=... on the client call)";
    String fix =
        workerFix
            + ", so the job ends and the awaiting task gets an exception it can handle."
            + awaitFrame
                .map(
                    f ->
                        " Bounding the await at "
                            + UserFrames.location(f)
                            + (trio
                                ? " with trio.move_on_after()/fail_after() frees the request only"
                                    + " with abandon_on_cancel=True, and not the thread: the"
                                    + " worker stays blocked, so fix the call itself."
                                : " with asyncio.timeout()/wait_for() frees the request but not"
                                    + " the thread: the worker stays blocked, so fix the call"
                                    + " itself."))
                .orElse("");
    return new Finding(
        ID,
        trio
            ? "trio task awaits a to_thread job whose worker is stuck"
            : "request task awaits an executor job whose worker is stuck",
        Confidence.HIGH,
        worker.tid(),
        workerName,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String awaitedBy(AsyncTasks graph, AsyncTask task) {
    List<String> names = new ArrayList<>();
    for (long parent : task.awaitedBy()) {
      AsyncTask found = graph.task(parent);
      if (found != null) {
        names.add("\"" + found.name() + "\"");
      }
    }
    return names.isEmpty() ? "" : ", awaited by " + String.join(", ", names);
  }
}
