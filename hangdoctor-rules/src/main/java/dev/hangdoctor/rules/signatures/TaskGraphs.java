package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.Optional;

/** What the task rules ask of the asyncio task graphs a window read. */
final class TaskGraphs {
  private TaskGraphs() {}

  /** The task graph a sample read, when it read one. */
  static Optional<AsyncTasks> of(ProcessSnapshot snapshot) {
    if (snapshot.python() == null || snapshot.python().asyncio() == null) {
      return Optional.empty();
    }
    AsyncTasks tasks = snapshot.python().asyncio();
    return tasks.status() == AsyncTasks.Status.READ ? Optional.of(tasks) : Optional.empty();
  }

  /** Whether {@code task} is a trio task (of a trio run, anyio on trio included). */
  static boolean isTrio(AsyncTasks graph, AsyncTask task) {
    return graph.loops().stream().anyMatch(loop -> loop.address() == task.loop() && loop.isTrio());
  }

  /** "trio" for a trio task, else "asyncio": the library a finding names. */
  static String library(AsyncTasks graph, AsyncTask task) {
    return isTrio(graph, task) ? "trio" : "asyncio";
  }

  /** The task that awaits the executor or to_thread job worker thread {@code tid} runs. */
  static Optional<AsyncTask> awaitingWorker(ProcessSnapshot snapshot, int tid) {
    return of(snapshot).stream()
        .flatMap(graph -> graph.tasks().stream())
        .filter(
            task ->
                task.waitsOn() != null
                    && task.waitsOn().kind() == TaskWait.Kind.EXECUTOR_JOB
                    && task.waitsOn().worker() != null
                    && task.waitsOn().worker().nativeThreadId() == tid)
        .findFirst();
  }

  /** The innermost frame of the user's own code in the task's suspended await chain. */
  static Optional<PythonFrame> awaitingUserFrame(AsyncTask task) {
    for (int i = task.stack().size() - 1; i >= 0; i--) {
      TaskFrame frame = task.stack().get(i);
      if (!UserFrames.isLibrary(frame.frame().file())) {
        return Optional.of(frame.frame());
      }
    }
    return Optional.empty();
  }

  /**
   * The task waited on the same future in the first sample too (true when that sample read no
   * graph: nothing says otherwise).
   */
  static boolean sameWaitEarlier(Optional<AsyncTasks> first, AsyncTask task) {
    if (first.isEmpty()) {
      return true;
    }
    AsyncTask earlier = first.get().task(task.address());
    return earlier != null
        && earlier.waitsOn() != null
        && earlier.waitsOn().future() == task.waitsOn().future();
  }
}
