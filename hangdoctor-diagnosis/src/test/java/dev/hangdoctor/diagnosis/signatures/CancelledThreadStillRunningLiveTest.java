package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Worker threads whose awaiting task gave up — asyncio.wait_for around asyncio.to_thread, a trio
 * deadline around trio.to_thread.run_sync, anyio's fail_after around anyio.to_thread.run_sync on
 * the asyncio backend — and controls whose task still awaits (plainly, or behind a shielded scope),
 * on every CPython.
 */
class CancelledThreadStillRunningLiveTest {
  private static final String RULE = "cancelled-thread-still-running";

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void aToThreadCallLeftBehindByWaitForIsNamed(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of(RULE + "/quote_poller.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          RULE + " after wait_for's timeout",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            Finding finding = diagnosis.findings().get(0);
            assertThat(finding.ruleId()).as("the leading finding: %s", finding).isEqualTo(RULE);
            assertThat(finding.threadName()).matches("asyncio_\\d+");
            assertThat(finding.keyFrames().get(0).file()).endsWith("/quote_poller.py");
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(script.lineOf("# hangs here"));
            assertThat(finding.evidence())
                .anySatisfy(
                    line -> assertThat(line).contains("asyncio future").contains("cancelled"));
            assertThat(finding.fix()).contains("settimeout");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void aTrioThreadPastItsDeadlineIsNamed(PythonInterpreter python) {
    Assumptions.assumeTrue(imports(python, "trio"), "trio is not installed in " + python);
    FixtureScript script = FixtureScript.of(RULE + "/trio_directory.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          RULE + " after move_on's deadline",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            Finding finding = diagnosis.findings().get(0);
            assertThat(finding.ruleId()).as("the leading finding: %s", finding).isEqualTo(RULE);
            assertThat(finding.threadName()).isEqualTo("lookup from __main__.main");
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(script.lineOf("# hangs here"));
            assertThat(finding.evidence())
                .anySatisfy(line -> assertThat(line).contains("a cancel").contains("reached"));
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void aToThreadCallStillAwaitedIsNotCalledCancelled(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of(RULE + "/awaited_fetch.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          "no " + RULE + " while the task awaits",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            assertThat(diagnosis.findings()).extracting(Finding::ruleId).doesNotContain(RULE);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void anAnyioWorkerPastItsFailAfterDeadlineIsNamed(PythonInterpreter python) {
    Assumptions.assumeTrue(imports(python, "anyio"), "anyio is not installed in " + python);
    FixtureScript script = FixtureScript.of(RULE + "/anyio_fail_after.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          RULE + " after fail_after's deadline on anyio's asyncio backend",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            Finding finding = diagnosis.findings().get(0);
            assertThat(finding.ruleId()).as("the leading finding: %s", finding).isEqualTo(RULE);
            assertThat(finding.threadName()).isEqualTo("AnyIO worker thread");
            assertThat(finding.keyFrames().get(0).file()).endsWith("/anyio_fail_after.py");
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(script.lineOf("# hangs here"));
            assertThat(finding.evidence())
                .anySatisfy(
                    line ->
                        assertThat(line)
                            .contains(
                                "cancel scope around the call was cancelled by its deadline"));
            assertThat(finding.explanation()).contains("stays inside run_sync");
            assertThat(finding.fix()).contains("settimeout");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void anAnyioWorkerBehindAShieldedScopeIsNotCalledCancelled(PythonInterpreter python) {
    Assumptions.assumeTrue(imports(python, "anyio"), "anyio is not installed in " + python);
    FixtureScript script = FixtureScript.of(RULE + "/anyio_shielded.py");
    try (Target target = Target.start(script.runBy(python.path()))) {
      Verdicts.everyWindow(
          "no " + RULE + " behind a shield, nor for a finished abandoned job",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isNotEmpty();
            assertThat(diagnosis.findings()).extracting(Finding::ruleId).doesNotContain(RULE);
          });
    }
  }

  static Stream<PythonInterpreter> cpythons() {
    return Verdicts.supportedCpythons();
  }

  /** Whether {@code python} imports {@code module}, asked with a bounded wait. */
  private static boolean imports(PythonInterpreter python, String module) {
    Process probe = null;
    try {
      probe =
          new ProcessBuilder(python.path().toString(), "-c", "import " + module)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (probe != null && probe.isAlive()) {
        probe.destroyForcibly();
      }
    }
  }
}
