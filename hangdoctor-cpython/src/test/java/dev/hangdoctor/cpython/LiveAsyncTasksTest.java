package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TasksTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the task graph of a real asyncio program held in every wait shape ({@code tasks_target.py})
 * on each CPython 3.11-3.14 found, and checks each task against the ids the program printed.
 */
class LiveAsyncTasksTest {
  static List<PythonInterpreter> pythons() {
    return LiveTargets.supportedPythons();
  }

  static Target start(PythonInterpreter python) {
    return TasksTarget.start(python.path());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void everyWaitShapeIsNamedWithItsChainAndLinks(PythonInterpreter python) {
    try (Target target = start(python)) {
      Map<String, String> ready = target.ready();
      AsyncTasks tasks = new AsyncTaskReader(ProcFs.system()).read((int) target.pid());

      assertThat(tasks.status()).as(tasks.detail()).isEqualTo(AsyncTasks.Status.READ);
      assertThat(tasks.loops()).hasSize(1);
      assertThat(tasks.loops().get(0).nativeThreadId()).isEqualTo((int) target.pid());

      AsyncTask request = task(tasks, ready, "request");
      assertThat(request.name()).isEqualTo("GET /prices");
      assertThat(request.state()).isEqualTo(AsyncTask.State.WAITING);
      assertThat(request.nativeThreadId()).isEqualTo((int) target.pid());
      assertThat(request.waitsOn().kind()).isEqualTo(TaskWait.Kind.EXECUTOR_JOB);
      assertThat(request.waitsOn().worker().nativeThreadId()).isEqualTo(target.readyInt("worker"));
      assertThat(request.waitsOn().worker().jobState()).isEqualTo("RUNNING");
      TaskFrame requestFrame = request.stack().get(0);
      assertThat(requestFrame.frame().qualifiedName()).isEqualTo("price_request");
      assertThat(requestFrame.frame().file()).endsWith("tasks_target.py");
      assertThat(requestFrame.source()).contains("run_in_executor(None, fetch_rates, port)");
      assertThat(request.awaitedBy()).containsExactly(address(ready, "awaiter"));

      AsyncTask awaiter = task(tasks, ready, "awaiter");
      assertThat(awaiter.waitsOn().kind()).isEqualTo(TaskWait.Kind.TASK);
      assertThat(awaiter.waitsOn().tasks()).containsExactly(request.address());

      assertWait(tasks, ready, "holder", TaskWait.Kind.EVENT, "Event.wait");
      assertWait(tasks, ready, "waiter", TaskWait.Kind.LOCK, "Lock.acquire");
      assertWait(tasks, ready, "consumer", TaskWait.Kind.QUEUE_GET, "Queue.get");
      assertThat(task(tasks, ready, "holder").stack().get(0).frame().qualifiedName())
          .isEqualTo("holds_lock");

      AsyncTask group = task(tasks, ready, "group");
      assertThat(group.waitsOn().kind()).isEqualTo(TaskWait.Kind.TASK_GROUP);
      assertThat(group.waitsOn().tasks()).hasSize(2).contains(address(ready, "groupchild"));
      assertThat(task(tasks, ready, "groupchild").awaitedBy()).containsExactly(group.address());

      AsyncTask gather = task(tasks, ready, "gather");
      assertThat(gather.waitsOn().kind()).isEqualTo(TaskWait.Kind.GATHER);
      assertThat(gather.waitsOn().tasks()).hasSize(2).contains(address(ready, "gatherchild"));
      AsyncTask gatherChild = task(tasks, ready, "gatherchild");
      assertThat(gatherChild.awaitedBy()).containsExactly(gather.address());

      AsyncTask main =
          tasks.tasks().stream().filter(t -> t.name().equals("Task-1")).findFirst().orElseThrow();
      assertThat(main.waitsOn().kind()).isEqualTo(TaskWait.Kind.SLEEP);
      assertThat(main.waitsOn().description()).isEqualTo("sleep(3600)");
    }
  }

  private static void assertWait(
      AsyncTasks tasks, Map<String, String> ready, String role, TaskWait.Kind kind, String frame) {
    AsyncTask task = task(tasks, ready, role);
    assertThat(task.state()).as(role).isEqualTo(AsyncTask.State.WAITING);
    assertThat(task.waitsOn().kind()).as(role).isEqualTo(kind);
    assertThat(task.innermost().frame().qualifiedName()).as(role).isEqualTo(frame);
    assertThat(task.waitsOn().waitObject()).as(role).isNotZero();
  }

  static long address(Map<String, String> ready, String role) {
    return Long.decode(ready.get(role));
  }

  static AsyncTask task(AsyncTasks tasks, Map<String, String> ready, String role) {
    AsyncTask task = tasks.task(address(ready, role));
    assertThat(task).as("task " + role + " among " + tasks.tasks()).isNotNull();
    return task;
  }
}
