package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.TaskLockHold;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the tasks of a real trio program held in every wait shape ({@code trio_tasks_target.py}) on
 * each CPython 3.11-3.14 found with trio installed, and checks each task against the ids the
 * program printed.
 */
class LiveTrioTasksTest {
  static List<PythonInterpreter> pythons() {
    return Tool.TRIO.requireAny(
        Interpreters.allWith("trio").stream().filter(p -> p.minor() <= 14).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void everyTrioWaitIsNamedWithItsChainNurseryAndLinks(PythonInterpreter python) {
    try (Target target =
        Target.start(
            TargetSpec.python(python.path(), "trio_tasks_target.py")
                .withReadyTimeout(Duration.ofSeconds(60)))) {
      Map<String, String> ready = target.ready();
      AsyncTasks tasks = settled((int) target.pid());

      assertThat(tasks.status()).as(tasks.detail()).isEqualTo(AsyncTasks.Status.READ);
      AsyncLoop runner =
          tasks.loops().stream().filter(l -> l.kind().equals("trio")).findFirst().orElseThrow();
      assertThat(runner.nativeThreadId()).isEqualTo((int) target.pid());

      AsyncTask main = task(tasks, ready, "main");
      assertThat(main.waitsOn().kind()).isEqualTo(TaskWait.Kind.SLEEP);
      assertThat(main.waitsOn().description()).isEqualTo("sleep(3600)");
      assertThat(main.waitsOn().secondsLeft()).isBetween(3000.0, 3600.0);
      assertThat(main.stack().get(0).frame().qualifiedName()).isEqualTo("main");
      assertThat(main.stack().get(0).source()).contains("await trio.sleep(3600)");

      AsyncTask request = task(tasks, ready, "request");
      assertThat(request.name()).isEqualTo("GET /prices");
      assertThat(request.nativeThreadId()).isEqualTo((int) target.pid());
      assertThat(request.awaitedBy()).containsExactly(main.address());
      assertThat(request.waitsOn().kind()).isEqualTo(TaskWait.Kind.EXECUTOR_JOB);
      assertThat(request.waitsOn().description()).isEqualTo("to_thread.run_sync fetch_rates");
      assertThat(request.waitsOn().worker().nativeThreadId()).isEqualTo(target.readyInt("worker"));
      assertThat(request.stack().get(0).source()).contains("trio.to_thread.run_sync(fetch_rates");

      assertWait(tasks, ready, "eventwaiter", TaskWait.Kind.EVENT, "Event.wait");
      assertWait(tasks, ready, "waiter", TaskWait.Kind.LOCK, "_LockImpl.acquire");
      assertWait(tasks, ready, "semaphore", TaskWait.Kind.SEMAPHORE, "Semaphore.acquire");
      assertWait(tasks, ready, "consumer", TaskWait.Kind.QUEUE_GET, "MemoryReceiveChannel.receive");
      assertWait(tasks, ready, "producer", TaskWait.Kind.QUEUE_PUT, "MemorySendChannel.send");
      assertWait(
          tasks, ready, "limited", TaskWait.Kind.LIMITER, "CapacityLimiter.acquire_on_behalf_of");
      assertThat(task(tasks, ready, "limited").waitsOn().description())
          .isEqualTo("trio.CapacityLimiter (1 of 1 tokens borrowed)");
      assertThat(task(tasks, ready, "waiter").waitsOn().waitersOfObject()).isEqualTo(1);

      AsyncTask holder = task(tasks, ready, "holder");
      assertThat(holder.holds())
          .extracting(TaskLockHold::lock)
          .containsExactly(task(tasks, ready, "waiter").waitsOn().waitObject());
      assertThat(holder.holds().get(0).frame().qualifiedName()).isEqualTo("holds_lock");
      assertThat(holder.holds().get(0).name()).isEqualTo("lock");

      AsyncTask reader = task(tasks, ready, "reader");
      assertThat(reader.waitsOn().kind()).isEqualTo(TaskWait.Kind.STREAM_READ);
      assertThat(reader.waitsOn().fd()).isEqualTo(target.readyInt("reader_fd"));
      assertThat(reader.waitsOn().secondsLeft()).isNull();

      AsyncTask group = task(tasks, ready, "group");
      assertThat(group.waitsOn().kind()).isEqualTo(TaskWait.Kind.TASK_GROUP);
      assertThat(group.waitsOn().tasks())
          .containsExactlyInAnyOrder(
              LiveAsyncTasksTest.address(ready, "groupchild"),
              LiveAsyncTasksTest.address(ready, "groupsleeper"));
      assertThat(task(tasks, ready, "groupchild").awaitedBy()).containsExactly(group.address());
      assertThat(task(tasks, ready, "groupchild").name()).isEqualTo("group-child-event");
    }
  }

  static List<PythonInterpreter> anyioPythons() {
    return Tool.TRIO.requireAny(
        Interpreters.allWith("trio", "anyio").stream().filter(p -> p.minor() <= 14).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anyioPythons")
  void anyioOnTrioShowsTheSameTasksAndWaits(PythonInterpreter python) {
    try (Target target =
        Target.start(
            TargetSpec.python(python.path(), "anyio_trio_tasks_target.py")
                .withReadyTimeout(Duration.ofSeconds(60)))) {
      Map<String, String> ready = target.ready();
      AsyncTasks tasks = settled((int) target.pid());

      assertThat(tasks.status()).as(tasks.detail()).isEqualTo(AsyncTasks.Status.READ);
      assertThat(tasks.loops()).anyMatch(AsyncLoop::isTrio);
      AsyncTask main = task(tasks, ready, "main");
      assertThat(main.waitsOn().kind()).isEqualTo(TaskWait.Kind.SLEEP);

      AsyncTask request = task(tasks, ready, "request");
      assertThat(request.name()).isEqualTo("GET /quotes");
      assertThat(request.awaitedBy()).containsExactly(main.address());
      assertThat(request.waitsOn().kind()).isEqualTo(TaskWait.Kind.EXECUTOR_JOB);
      assertThat(request.waitsOn().description()).isEqualTo("to_thread.run_sync fetch_quotes");
      assertThat(request.waitsOn().worker().nativeThreadId()).isEqualTo(target.readyInt("worker"));

      assertWait(tasks, ready, "eventwaiter", TaskWait.Kind.EVENT, "Event.wait");
      assertWait(
          tasks, ready, "limited", TaskWait.Kind.LIMITER, "CapacityLimiter.acquire_on_behalf_of");
      assertThat(task(tasks, ready, "limited").waitsOn().description())
          .isEqualTo("trio.CapacityLimiter (1 of 1 tokens borrowed)");
    }
  }

  private static void assertWait(
      AsyncTasks tasks, Map<String, String> ready, String role, TaskWait.Kind kind, String frame) {
    AsyncTask task = task(tasks, ready, role);
    assertThat(task.state()).as(role).isEqualTo(AsyncTask.State.WAITING);
    assertThat(task.waitsOn().kind()).as(role).isEqualTo(kind);
    assertThat(task.stack()).as(role).anyMatch(f -> f.frame().qualifiedName().equals(frame));
    assertThat(task.innermost().frame().file()).as(role).doesNotEndWith("_traps.py");
    assertThat(task.waitsOn().waitObject()).as(role).isNotZero();
  }

  /**
   * The task graph once the trio run is seen: READY is printed from inside the run loop, which on a
   * loaded machine may still be running (its stack changing under the reader) at the first read.
   * Bounded: at most {@value #SETTLE_READS} reads, 50 ms apart; the last is returned either way.
   */
  private static AsyncTasks settled(int pid) {
    AsyncTasks tasks = new AsyncTaskReader(ProcFs.system()).read(pid);
    for (int read = 1;
        read < SETTLE_READS && tasks.loops().stream().noneMatch(AsyncLoop::isTrio);
        read++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      tasks = new AsyncTaskReader(ProcFs.system()).read(pid);
    }
    return tasks;
  }

  private static final int SETTLE_READS = 100;

  private static AsyncTask task(AsyncTasks tasks, Map<String, String> ready, String role) {
    return LiveAsyncTasksTest.task(tasks, ready, role);
  }
}
