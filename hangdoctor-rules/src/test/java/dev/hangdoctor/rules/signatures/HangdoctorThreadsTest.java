package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonThread;
import org.junit.jupiter.api.Test;

/**
 * hangdoctor's own watchdog threads (its pytest plugin's, its exit guard's) wait while it diagnoses
 * the process they live in: the engine never blames them, whatever they seem to wait for.
 */
class HangdoctorThreadsTest {
  /** The thread of the recording that waits for a lock (long-lock-wait). */
  private static final int WAITER = 18772;

  @Test
  void aWaitThatWouldBeAFindingIsNotOneInHangdoctorsOwnThread() {
    Inspection recorded = Fixtures.load(Fixtures.PYTHON_LONG_LOCK_WAIT);
    assertThat(KnownSignatures.engine().diagnose(recorded).findings())
        .extracting(Finding::tid)
        .contains(WAITER);

    Inspection renamed =
        Edits.pythonThread(
            recorded,
            WAITER,
            t -> t.withName("hangdoctor-pytest-watchdog", PythonThread.NameSource.THREADING));
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(renamed);

    assertThat(diagnosis.findings()).extracting(Finding::tid).doesNotContain(WAITER);
  }

  @Test
  void theHealthyReasonsCountThemInsteadOfJudgingThem() {
    Inspection recorded = Fixtures.load(Fixtures.PYTHON_LONG_LOCK_WAIT);
    Inspection renamed = recorded;
    for (PythonThread thread : recorded.latest().python().threads()) {
      renamed =
          Edits.pythonThread(
              renamed,
              thread.nativeThreadId(),
              t -> t.withName("hangdoctor-exit-guard", PythonThread.NameSource.THREADING));
    }
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(renamed);

    assertThat(diagnosis.findings()).isEmpty();
    assertThat(diagnosis.healthyReasons())
        .anySatisfy(r -> assertThat(r).startsWith("hangdoctor's own").contains("not judged"));
  }
}
