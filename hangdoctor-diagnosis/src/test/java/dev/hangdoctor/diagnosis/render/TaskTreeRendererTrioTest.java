package dev.hangdoctor.diagnosis.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The task tree of a trio run: the nursery tree, its header and its waits, drawn in ASCII. */
class TaskTreeRendererTrioTest {
  private static final long RUNNER = 0x7000;

  @Test
  void aTrioRunIsDrawnAsItsNurseryTree() {
    AsyncTask main = task(0x10, "__main__.main", List.of(), sleep(), frame("main", "app.py", 40));
    AsyncTask child =
        task(
            0x20,
            "GET /prices",
            List.of(0x10L),
            new TaskWait(
                TaskWait.Kind.EXECUTOR_JOB,
                0x99,
                "to_thread.run_sync fetch_rates",
                List.of(),
                new TaskWait.WorkerLink(4242, "fetch_rates", "RUNNING"),
                null,
                0x98,
                0),
            frame("price_request", "app.py", 23));
    AsyncTasks tasks =
        new AsyncTasks(
            AsyncTasks.Status.READ,
            List.of(new AsyncLoop(RUNNER, AsyncLoop.TRIO, 4200)),
            List.of(main, child),
            null);

    String text = new TaskTreeRenderer(false).render(4200, tasks, null);

    assertThat(text)
        .contains("PID 4200  2 tasks on 1 trio run (tid 4200)")
        .contains("or a trio task's nursery children")
        .contains("__main__.main  waiting on sleep(3600), 12.0 s left\n")
        .contains("`-- GET /prices  waiting on to_thread.run_sync fetch_rates\n")
        .contains("=> runs in tid 4242")
        .containsPattern("GET /prices +waiting +to_thread.run_sync fetch_rates +__main__.main");
  }

  @Test
  void anAsyncioLoopKeepsItsWords() {
    AsyncTask task = task(0x10, "Task-1", List.of(), sleep(), frame("main", "app.py", 4));
    AsyncTasks tasks =
        new AsyncTasks(
            AsyncTasks.Status.READ,
            List.of(new AsyncLoop(RUNNER, "_UnixSelectorEventLoop", 77)),
            List.of(task),
            null);

    String text = new TaskTreeRenderer(false).render(77, tasks, null);

    assertThat(text)
        .contains("1 task on 1 loop")
        .contains("Await tree (a task's children are the tasks it awaits):")
        .doesNotContain("trio");
  }

  private static TaskWait sleep() {
    return new TaskWait(TaskWait.Kind.SLEEP, 0x55, "sleep(3600)", List.of(), null, 12.0, 0, 0);
  }

  private static TaskFrame frame(String function, String file, int line) {
    return new TaskFrame(
        new PythonFrame(function, function, "/srv/" + file, line, PythonFrame.Owner.GENERATOR),
        null);
  }

  private static AsyncTask task(
      long address, String name, List<Long> parents, TaskWait wait, TaskFrame frame) {
    return new AsyncTask(
        address, name, AsyncTask.State.WAITING, RUNNER, 4200, List.of(frame), wait, parents, 0);
  }
}
