package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongLockWaitTest {
  private final LongLockWait rule = new LongLockWait();

  @Test
  void namesTheHolderOfAPthreadMutexAndWhatItDoes() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.MUTEX_LONG_WAIT));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("long-lock-wait");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(18612);
    assertThat(finding.evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("held by \"auditor\" (tid 18613)")
                    .contains("clock_nanosleep"));
  }

  @Test
  void aPythonThreadWaitingForALockWhileAnotherSleeps() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PYTHON_LONG_LOCK_WAIT));
    int line = Fixtures.hangsHere("price_cache.py");

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.LOW);
    assertThat(finding.tid()).isEqualTo(18772);
    assertThat(finding.threadName()).isEqualTo("price-reader");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(line);
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("read_price");
    assertThat(finding.evidence())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("threads that may hold the lock:")
                    .contains("\"refresher\" (tid 18771) waits in clock_nanosleep")
                    .contains("refresh_prices"));
    assertThat(finding.fix()).contains("price_cache.py:" + line);
  }

  @Test
  void aThreadThatWokeAgainAndAgainIsContendedNotBlocked() {
    Inspection recorded = Fixtures.load(Fixtures.MUTEX_LONG_WAIT);

    assertThat(rule.evaluate(withWakeups(recorded, 18612, 20))).hasSize(1);
    assertThat(rule.evaluate(withWakeups(recorded, 18612, 400)))
        .as("found in the same lock wait at every sample, but it took the lock 400 times between")
        .isEmpty();
  }

  /** The recording, with thread {@code tid} having made {@code switches} voluntary switches. */
  private static Inspection withWakeups(Inspection inspection, int tid, long switches) {
    return Edits.activity(
        inspection, tid, t -> Edits.withCpu(t, t.cpuPercent(), switches, t.runqueueWaitPercent()));
  }

  @Test
  void deadlockedThreadsAreLeftToTheDeadlockRule() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.MUTEX_DEADLOCK))).isEmpty();
    assertThat(rule.evaluate(Fixtures.load(Fixtures.PYTHON_LOCK_DEADLOCK))).isEmpty();
  }

  @Test
  void joinsConditionWaitsAndOtherRecordingsAreNoLockWait() {
    for (String name : Fixtures.ALL) {
      if (!name.equals(Fixtures.MUTEX_LONG_WAIT) && !name.equals(Fixtures.PYTHON_LONG_LOCK_WAIT)) {
        assertThat(rule.evaluate(Fixtures.load(name))).as(name).isEmpty();
      }
    }
  }
}
