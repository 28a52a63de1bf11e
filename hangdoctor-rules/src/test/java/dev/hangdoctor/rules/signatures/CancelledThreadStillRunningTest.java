package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.WorkerJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * anyio's asyncio backend, recorded live on CPython 3.13.0 from the corpus: a worker past its
 * fail_after deadline (the task still waits, shielded), and a control whose workers' tasks are not
 * cancelled.
 */
class CancelledThreadStillRunningTest {
  private static final String PAST_DEADLINE = "corpus-anyio-fail-after-rates-urlopen-thread";
  private static final String WITHIN_DEADLINE = "corpus-anyio-slow-reindex-within-deadline";

  private final CancelledThreadStillRunning rule = new CancelledThreadStillRunning();

  @Test
  void aWorkerPastItsScopesDeadlineIsNamedWithTheScopeTheCallAndTheFix() {
    List<Finding> findings = rule.evaluate(Fixtures.load(PAST_DEADLINE));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.threadName()).isEqualTo("AnyIO worker thread");
    assertThat(finding.kind()).contains("anyio.to_thread.run_sync");
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("download_rates");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("calling urllib.request.urlopen"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("cancel scope around the call was cancelled by its deadline")
                    .contains("shields the wait"));
    assertThat(finding.explanation())
        .contains("already reached the task")
        .contains("stays inside run_sync until the call returns")
        .doesNotContain("only stops the waiting");
    assertThat(finding.fix())
        .contains("rates_refresher.py:22 (download_rates)")
        .contains("timeout=")
        .contains("abandon_on_cancel=True (anyio/trio) only hides it");
  }

  @Test
  void itLeadsTheDiagnosisAheadOfTheWorkersNetworkRead() {
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(Fixtures.load(PAST_DEADLINE));

    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo(CancelledThreadStillRunning.ID);
  }

  @Test
  void aTaskThatStoppedWaitingIsToldApartFromOneThatStillWaits() {
    Inspection recorded = Fixtures.load(PAST_DEADLINE);
    int worker = rule.evaluate(recorded).get(0).tid();
    Inspection abandoned =
        Edits.pythonThread(
            recorded,
            worker,
            thread ->
                thread.withJob(
                    new WorkerJob(
                        WorkerJob.Origin.ANYIO_WORKER, true, "the asyncio future is cancelled")));

    Finding finding = rule.evaluate(abandoned).get(0);

    assertThat(finding.explanation()).contains("only stops the waiting");
  }

  @Test
  void aWorkerWhoseJobIsCancelledInOnlySomeSamplesIsNotFlagged() {
    Inspection recorded = Fixtures.load(PAST_DEADLINE);
    int worker = rule.evaluate(recorded).get(0).tid();
    Inspection notYet =
        Edits.pythonThread(
            recorded,
            worker,
            List.of(0),
            thread ->
                thread.withJob(
                    new WorkerJob(WorkerJob.Origin.ANYIO_WORKER, false, "its task still awaits")));

    assertThat(rule.evaluate(notYet)).isEmpty();
  }

  @Test
  void workersWhoseTasksStillWaitWithinTheirDeadlineOrBehindAShieldAreLeftAlone() {
    Inspection control = Fixtures.load(WITHIN_DEADLINE);

    assertThat(rule.evaluate(control)).isEmpty();
    assertThat(KnownSignatures.engine().diagnose(control).findings())
        .allSatisfy(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
  }
}
