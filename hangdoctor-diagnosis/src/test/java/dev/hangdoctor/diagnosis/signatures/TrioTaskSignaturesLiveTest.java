package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The task rules on trio tasks, on every CPython 3.11+ here with trio: two tasks in a {@code
 * trio.Lock} order deadlock (trio records each lock's owner), and a task awaiting {@code
 * trio.to_thread.run_sync} whose worker thread is blocked in {@code recv} without a timeout.
 */
class TrioTaskSignaturesLiveTest {
  static List<PythonInterpreter> pythons() {
    return Tool.TRIO.requireAny(Interpreters.allWith("trio"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void trioTasksInALockCycleAreALockDeadlock(PythonInterpreter python) {
    Path source = HungFixtures.path("trio-tasks/stock_transfer.py");
    int marked = HungFixtures.markerLine(source);
    try (Target target = start(python, source)) {
      int loop = target.readyInt("loop");

      Verdicts.everyWindow(
          "trio lock deadlock",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, "lock-deadlock", loop);
            assertThat(finding.kind()).contains("trio lock deadlock between 2 tasks");
            assertThat(finding.keyFrames())
                .anySatisfy(
                    f -> {
                      assertThat(f.function()).isEqualTo("transfer");
                      assertThat(f.line()).isEqualTo(marked);
                    });
            assertThat(String.join("\n", finding.evidence()))
                .contains("\"transfer NORTH->SOUTH\"", "\"transfer SOUTH->NORTH\"")
                .contains("trio.Lock `source.lock`")
                .contains("`destination.lock`");
            assertThat(finding.fix()).contains("trio.move_on_after");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aTaskAwaitingAStuckToThreadJobNamesTheWorkerAndItsCall(PythonInterpreter python) {
    Path source = HungFixtures.path("trio-tasks/rate_fetch.py");
    int marked = HungFixtures.markerLine(source);
    try (Target target = start(python, source)) {
      int worker = target.readyInt("worker");

      Verdicts.everyWindow(
          "trio task awaits a stuck to_thread job",
          target.pid(),
          diagnosis -> {
            Finding finding =
                HungFixtures.assertFirst(diagnosis, "task-awaits-stuck-worker", worker);
            assertThat(finding.kind()).contains("trio task awaits a to_thread job");
            assertThat(finding.keyFrames())
                .anySatisfy(
                    f -> {
                      assertThat(f.function()).isEqualTo("fetch_rates");
                      assertThat(f.line()).isEqualTo(marked);
                    })
                .anySatisfy(f -> assertThat(f.function()).isEqualTo("refresh_rates"));
            assertThat(String.join("\n", finding.evidence()))
                .contains("task \"refresh rates\" awaits fetch_rates() (trio.to_thread.run_sync)");
            assertThat(finding.explanation()).contains("trio run loop is idle");
          });
    }
  }

  private static Target start(PythonInterpreter python, Path source) {
    return Target.start(TargetSpec.command(List.of(python.path().toString(), source.toString())));
  }
}
