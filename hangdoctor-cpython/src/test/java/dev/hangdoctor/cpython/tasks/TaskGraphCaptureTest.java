package dev.hangdoctor.cpython.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.TaskWait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the memory of {@code tasks_target.py} recorded on CPython 3.11, 3.12, 3.13 and 3.14
 * ({@code tasks/capture-3.X.bin.gz}, with the READY line the target printed) through the task
 * reader. To record again: start {@code python3.X tasks_target.py}, then {@code java -cp <classes>
 * dev.hangdoctor.cpython.tasks.CaptureTaskGraph PID capture-3.X.bin.gz}.
 */
class TaskGraphCaptureTest {

  @ParameterizedTest(name = "CPython {0}")
  @ValueSource(strings = {"3.11", "3.12", "3.13", "3.14"})
  void readsEveryTaskAndWaitOfTheRecordedProcess(String version) throws IOException {
    MemoryCapture memory = MemoryCapture.load(resource("capture-" + version + ".bin.gz"));
    Map<String, String> ready = ready(version);
    assertThat(memory.location().version()).startsWith(version + ".");

    AsyncTasks tasks =
        new TaskGraphReader(Path.of("/nonexistent")).read(1, memory, memory.location());

    assertThat(tasks.status()).as(tasks.detail()).isEqualTo(AsyncTasks.Status.READ);
    assertThat(tasks.tasks()).hasSize(12);
    AsyncTask request = task(tasks, ready, "request");
    assertThat(request.name()).isEqualTo("GET /prices");
    assertThat(request.waitsOn().kind()).isEqualTo(TaskWait.Kind.EXECUTOR_JOB);
    assertThat(request.waitsOn().worker().nativeThreadId())
        .isEqualTo(Integer.parseInt(ready.get("worker")));
    assertThat(request.waitsOn().worker().function()).isEqualTo("fetch_rates");
    assertThat(request.stack()).hasSize(1);
    assertThat(request.stack().get(0).frame().line()).isEqualTo(23);
    assertThat(request.stack().get(0).source()).isNull();
    assertThat(request.awaitedBy()).containsExactly(address(ready, "awaiter"));

    assertThat(task(tasks, ready, "awaiter").waitsOn().tasks()).containsExactly(request.address());
    assertThat(task(tasks, ready, "holder").waitsOn().kind()).isEqualTo(TaskWait.Kind.EVENT);
    assertThat(task(tasks, ready, "waiter").waitsOn().kind()).isEqualTo(TaskWait.Kind.LOCK);
    assertThat(task(tasks, ready, "waiter").stack())
        .extracting(frame -> frame.frame().function())
        .containsExactly("wants_lock", "__aenter__", "acquire");
    assertThat(task(tasks, ready, "holder").holds())
        .as("the lock the holder's `async with` keeps")
        .singleElement()
        .satisfies(
            hold -> {
              assertThat(hold.lock())
                  .isEqualTo(task(tasks, ready, "waiter").waitsOn().waitObject());
              assertThat(hold.name()).isEqualTo("lock");
            });
    assertThat(task(tasks, ready, "waiter").holds()).isEmpty();
    assertThat(task(tasks, ready, "consumer").waitsOn().kind()).isEqualTo(TaskWait.Kind.QUEUE_GET);
    AsyncTask group = task(tasks, ready, "group");
    assertThat(group.waitsOn().kind()).isEqualTo(TaskWait.Kind.TASK_GROUP);
    assertThat(task(tasks, ready, "groupchild").awaitedBy()).containsExactly(group.address());
    AsyncTask gather = task(tasks, ready, "gather");
    assertThat(gather.waitsOn().kind()).isEqualTo(TaskWait.Kind.GATHER);
    assertThat(task(tasks, ready, "gatherchild").awaitedBy()).containsExactly(gather.address());
    assertThat(tasks.loops()).hasSize(1);
  }

  private static AsyncTask task(AsyncTasks tasks, Map<String, String> ready, String role) {
    AsyncTask task = tasks.task(address(ready, role));
    assertThat(task).as(role).isNotNull();
    return task;
  }

  private static long address(Map<String, String> ready, String role) {
    return Long.decode(ready.get(role));
  }

  private static Map<String, String> ready(String version) throws IOException {
    try (InputStream in = resource("capture-" + version + ".ready")) {
      Map<String, String> fields = new HashMap<>();
      for (String word : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(" ")) {
        int equals = word.indexOf('=');
        if (equals > 0) {
          fields.put(word.substring(0, equals), word.substring(equals + 1));
        }
      }
      return fields;
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TaskGraphCaptureTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is missing");
    }
    return in;
  }
}
