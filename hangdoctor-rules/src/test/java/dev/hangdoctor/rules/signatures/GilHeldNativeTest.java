package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GilHeldNativeTest {
  private final GilHeldNative rule = new GilHeldNative();

  @Test
  void aPyDllCallThatSleepsWithTheGilFreezesTheOtherThreads() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.GIL_PYDLL_SLEEP));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(18936);
    assertThat(finding.threadName()).isEqualTo("device-poller");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.keyFrames().get(0).file()).isEqualTo("/tmp/fx/app/pydll_sleep.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(19);
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("clock_nanosleep").contains("holding it"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("2 other thread(s)")
                    .contains("heartbeat (tid 18932")
                    .contains("orders (tid 18933"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/pydll_sleep.py:19")
        .contains("ctypes.CDLL instead of ctypes.PyDLL")
        .contains("Py_BEGIN_ALLOW_THREADS");
  }

  @Test
  void aRegexGrindingWithTheGilIsFoundAndRankedBeforeTheCpuSpin() {
    Inspection inspection = Fixtures.load(Fixtures.GIL_REGEX);

    Diagnosis diagnosis = KnownSignatures.engine().diagnose(inspection);

    assertThat(new CpuSpin().evaluate(inspection))
        .as("the generic rule alone does match the holder")
        .anySatisfy(finding -> assertThat(finding.tid()).isEqualTo(24938));
    assertThat(diagnosis.findings())
        .filteredOn(finding -> finding.tid() == 24938)
        .extracting(Finding::ruleId)
        .containsExactly(GilHeldNative.ID);
    Finding first = diagnosis.findings().get(0);
    assertThat(first.ruleId()).isEqualTo(GilHeldNative.ID);
    assertThat(first.tid()).isEqualTo(24938);
    assertThat(first.threadName()).isEqualTo("log-filter");
    assertThat(first.keyFrames().get(0).file()).isEqualTo("/tmp/fx/app/regex_backtrack.py");
    assertThat(first.keyFrames().get(0).line()).isEqualTo(15);
    assertThat(first.evidence())
        .anySatisfy(line -> assertThat(line).contains("% CPU in native code"));
  }

  @Test
  void aHolderThatLetTheGilGoInOneSampleIsNotThisSignature() {
    Inspection inspection =
        Edits.pythonThread(
            Fixtures.load(Fixtures.GIL_PYDLL_SLEEP),
            18936,
            List.of(1),
            thread -> Edits.withGil(thread, false));

    assertThat(rule.evaluate(inspection)).isEmpty();
  }

  @Test
  void aHolderRunningPythonCodeIsNotInNativeCode() {
    // the AnyIO reindex control on CPython 3.13 under load: a worker tokenising documents in pure
    // Python held the GIL in all three samples, in rebuild_index each time, while a thread that
    // sleeps between checkpoint writes was caught waiting for the GIL in each
    Inspection recorded = Fixtures.load(Fixtures.GIL_PYDLL_SLEEP);
    Inspection anotherLine =
        Edits.pythonThread(
            recorded, 18936, List.of(1), thread -> movedInnermost(thread, 1, List.of()));
    Inspection newValues =
        Edits.pythonThread(
            Edits.pythonThread(
                recorded, 18936, List.of(0, 2), thread -> movedInnermost(thread, 0, List.of(1L))),
            18936,
            List.of(1),
            thread -> movedInnermost(thread, 0, List.of(2L)));
    Inspection sameValues =
        Edits.pythonThread(recorded, 18936, thread -> movedInnermost(thread, 0, List.of(1L)));

    assertThat(rule.evaluate(anotherLine)).as("on another line in one sample").isEmpty();
    assertThat(rule.evaluate(newValues)).as("a variable bound anew").isEmpty();
    assertThat(rule.evaluate(sameValues)).as("the same call, the same variables").hasSize(1);
  }

  /** The thread with its innermost frame {@code lines} further down and its locals replaced. */
  private static PythonThread movedInnermost(PythonThread thread, int lines, List<Long> locals) {
    List<PythonFrame> frames = new ArrayList<>(thread.frames());
    PythonFrame top = frames.get(0);
    frames.set(
        0,
        new PythonFrame(
                top.function(), top.qualifiedName(), top.file(), top.line() + lines, top.owner())
            .withLocals(locals));
    return Edits.withFrames(thread, frames);
  }

  @Test
  void aHolderWithNobodyWaitingIsNotThisSignature() {
    Inspection recorded = Fixtures.load(Fixtures.GIL_PYDLL_SLEEP);
    Inspection inspection =
        Edits.pythonThread(
            Edits.pythonThread(recorded, 18932, thread -> Edits.withGil(thread, true)),
            18933,
            thread -> Edits.withGil(thread, true));

    assertThat(rule.evaluate(inspection)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.BLOCKING_RECV,
        Fixtures.NATIVE_SPINNER,
        Fixtures.PYTHON_SPIN,
        Fixtures.SOCKETS,
        Fixtures.FD_LEAK,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.EXIT_THREAD_RECV,
        Fixtures.EXIT_POOL_WORKER,
        Fixtures.EXIT_POOL_WORKER_313,
        Fixtures.FIXTURE_TEARDOWN,
        Fixtures.FIXTURE_SETUP,
        Fixtures.HEALTHY_SLEEPER
      })
  void doesNotFireWithoutAStarvedThread(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
