package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.TasksTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hangdoctor tasks} on a real asyncio program, each CPython 3.11+ on the machine. */
class TasksCommandTest {
  static Stream<PythonInterpreter> supported() {
    return Interpreters.cpythons().stream()
        .filter(p -> p.major() == 3 && p.minor() >= 11 && p.minor() <= 14 && !p.freeThreaded());
  }

  private static Target start(PythonInterpreter python) {
    return TasksTarget.start(python.path());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supported")
  void printsTheAwaitTreeWithChainsAndTheWorkerThread(PythonInterpreter python) throws Exception {
    try (Target target = start(python)) {
      String worker = target.ready().get("worker");
      CliRun run = CliRun.of("tasks", Long.toString(target.pid()));

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .startsWith("PID " + target.pid() + "  CPython " + python.major() + "." + python.minor())
          .contains("12 tasks on 1 loop")
          .contains("awaiter  waiting on task GET /prices")
          .containsPattern("GET /prices  waiting on executor job( fetch_rates)?\n")
          .contains("run_in_executor(None, fetch_rates, port)")
          .containsPattern("runs in \"asyncio_0\" \\(tid " + worker + "\\), blocked in recvfrom")
          .contains("gather  waiting on gather of 2")
          .containsPattern("group  waiting on TaskGroup of 2")
          .contains("lock-waiter  waiting on asyncio.Lock")
          .contains("Tasks:\n  TASK");
    }
  }

  @Test
  void jsonCarriesTheTaskGraph() throws Exception {
    PythonInterpreter python = supported().findFirst().orElseThrow();
    try (Target target = start(python)) {
      long request = Long.decode(target.ready().get("request"));
      CliRun run = CliRun.of("tasks", Long.toString(target.pid()), "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode asyncio = JsonRenderer.mapper().readTree(run.out()).get("asyncio");
      assertThat(asyncio.get("status").asText()).isEqualTo("READ");
      JsonNode found = null;
      for (JsonNode task : asyncio.get("tasks")) {
        if (task.get("address").asLong() == request) {
          found = task;
        }
      }
      assertThat(found).isNotNull();
      assertThat(found.get("waitsOn").get("kind").asText()).isEqualTo("EXECUTOR_JOB");
      assertThat(found.get("waitsOn").get("worker").get("nativeThreadId").asInt())
          .isEqualTo(target.readyInt("worker"));
    }
  }

  @Test
  void aPythonWithoutAsyncioSaysSo() throws Exception {
    PythonInterpreter python = supported().findFirst().orElseThrow();
    try (Target target = Target.start(TargetSpec.python(python.path(), "threads.py"))) {
      CliRun run = CliRun.of("tasks", Long.toString(target.pid()));

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("no asyncio tasks: neither asyncio nor trio is imported");
    }
  }

  @Test
  void aProcessThatIsNotPythonGetsExit9() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run = CliRun.of("tasks", Long.toString(target.pid()));

      assertThat(run.exitCode()).isEqualTo(ExitCode.NO_PYTHON_STACKS.code());
      assertThat(run.err()).contains("no asyncio tasks for PID").contains("not a CPython process");
    }
  }
}
