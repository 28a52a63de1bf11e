package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.testkit.CpuHog;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cpu-spin} on a loaded machine: each target shares one CPU with a busy loop (both pinned
 * there with taskset), so it gets about half a CPU, far below the 80 % a fixed threshold wanted. A
 * spinner must still be found, in one diagnosis; a busy worker that progresses must still not be.
 */
class CpuSpinUnderLoadLiveTest {
  private static final String SPIN = "cpu-spin";
  private static final int CORE = CpuHog.lastCore();

  static Stream<PythonInterpreter> pythons() {
    return Verdicts.supportedCpythons();
  }

  @Test
  void aNativeSpinnerSharingItsCpuWithAHogIsStillASpin() {
    try (Target hog = CpuHog.start(CORE);
        Target target = Target.start(CpuHog.pinned(CORE, TargetSpec.c("threads.c")))) {
      int spinner = target.readyInt("spin_tid");

      Diagnosis diagnosis = Verdicts.diagnose(target.pid());
      assertThat(hog.process().isAlive()).as("the hog ran through the window").isTrue();

      Finding finding = finding(diagnosis, spinner);
      assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
      assertStarvedButRunnable(diagnosis, finding, spinner);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aPythonSpinnerSharingItsCpuWithAHogIsStillASpinAtItsLine(PythonInterpreter python) {
    Path script = LiveFixtures.script(SPIN, "config_watcher.py");
    try (Target hog = CpuHog.start(CORE);
        Target target =
            Target.start(
                CpuHog.pinned(CORE, LiveFixtures.python(python, SPIN, "config_watcher.py")))) {
      int waiter = target.readyInt("waiter");

      Diagnosis diagnosis = Verdicts.diagnose(target.pid());
      assertThat(hog.process().isAlive()).as("the hog ran through the window").isTrue();

      Finding finding = finding(diagnosis, waiter);
      assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(finding.threadName()).isEqualTo("config-waiter");
      HungFixtures.assertMarked(finding.keyFrames().get(0), script);
      assertStarvedButRunnable(diagnosis, finding, waiter);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aBusyWorkerSharingItsCpuWithAHogIsNotASpin(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of("healthy/order_scorer.py");
    try (Target hog = CpuHog.start(CORE);
        Target target = Target.start(CpuHog.pinned(CORE, script.runBy(python.path())))) {
      int worker = target.readyInt("tid");

      Diagnosis diagnosis = Verdicts.diagnose(target.pid());
      assertThat(hog.process().isAlive()).as("the hog ran through the window").isTrue();

      assertThat(diagnosis.findings()).as("%s", diagnosis.findings()).isEmpty();
      assertThat(activity(diagnosis, worker).runnablePercent())
          .as("the worker wanted a CPU all along: only its progress tells it from a spin")
          .isGreaterThan(80);
    }
  }

  private static Finding finding(Diagnosis diagnosis, int tid) {
    assertThat(diagnosis.findings())
        .as("findings of %d", diagnosis.pid())
        .anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(SPIN));
    return diagnosis.findings().stream()
        .filter(f -> f.ruleId().equals(SPIN) && f.tid() == tid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cpu-spin finding for tid " + tid));
  }

  /** Half a CPU at most beside the hog, yet runnable throughout, and the evidence says so. */
  private static void assertStarvedButRunnable(Diagnosis diagnosis, Finding finding, int tid) {
    ThreadActivity thread = activity(diagnosis, tid);
    assertThat(thread.cpuPercent())
        .as("the spinner's CPU beside the hog, below the old fixed 80 %% threshold")
        .isLessThan(80);
    assertThat(thread.runnablePercent()).isGreaterThan(80);
    assertThat(finding.evidence().get(0))
        .contains("waiting for a CPU: runnable")
        .contains("load average");
  }

  private static ThreadActivity activity(Diagnosis diagnosis, int tid) {
    return diagnosis.inspection().window().threads().stream()
        .filter(t -> t.tid() == tid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + tid));
  }
}
