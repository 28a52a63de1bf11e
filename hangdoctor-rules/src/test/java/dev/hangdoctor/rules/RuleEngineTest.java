package dev.hangdoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.rules.signatures.Fixtures;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private final RuleEngine engine = new RuleEngine(KnownSignatures.all());

  @Test
  void aHealthyEventLoopGetsNoHangFoundWithReasons() {
    Diagnosis diagnosis = engine.diagnose(Fixtures.load(Fixtures.HEALTHY_ASYNCIO));

    assertThat(diagnosis.hangFound()).isFalse();
    assertThat(diagnosis.findings()).isEmpty();
    assertThat(diagnosis.healthyReasons())
        .contains("MainThread (tid 19358) idle in epoll_wait with a 1000 ms timeout")
        .contains("no socket holds unread data")
        .contains("open descriptors steady (9)")
        .anySatisfy(reason -> assertThat(reason).startsWith("no thread at high CPU"));
  }

  @Test
  void findingsAreRankedByConfidenceThenRuleOrder() {
    Diagnosis diagnosis = engine.diagnose(Fixtures.load(Fixtures.SOCKETS));

    assertThat(diagnosis.healthyReasons()).isEmpty();
    assertThat(diagnosis.findings())
        .extracting(Finding::ruleId, Finding::confidence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("close-wait-leak", Confidence.HIGH),
            org.assertj.core.groups.Tuple.tuple("stopped-consuming", Confidence.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("stopped-consuming", Confidence.MEDIUM));
  }

  @Test
  void theLoopStuckInExecutorShutdownRanksAheadOfItsBlockedWorkers() {
    Diagnosis diagnosis = engine.diagnose(Fixtures.load(Fixtures.EXECUTOR_SHUTDOWN_FASTAPI));

    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo("executor-shutdown-blocks-loop");
    assertThat(diagnosis.findings().get(0).tid()).isEqualTo(16554);
    assertThat(diagnosis.findings().subList(1, diagnosis.findings().size()))
        .extracting(Finding::ruleId)
        .containsOnly("blocking-network-read");
  }

  @Test
  void aLoopBlockedOnASocketIsOneVerdictNotAlsoANetworkRead() {
    Diagnosis diagnosis = engine.diagnose(Fixtures.load(Fixtures.LOOP_BLOCKED_URLOPEN));
    int loop = diagnosis.findings().get(0).tid();

    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo("loop-blocked-by-sync-call");
    assertThat(diagnosis.findings())
        .filteredOn(finding -> finding.tid() == loop)
        .extracting(Finding::ruleId)
        .containsExactly("loop-blocked-by-sync-call");
  }

  @Test
  void theGenericReadFindingStaysWhenNoSpecificRuleNamesItsThread() {
    Diagnosis diagnosis = engine.diagnose(Fixtures.load(Fixtures.BLOCKING_RECV));

    assertThat(diagnosis.findings()).extracting(Finding::ruleId).contains("blocking-network-read");
  }

  @Test
  void idleServersAndABusyWorkerGetNoHangFound() {
    for (String healthy :
        List.of(Fixtures.HEALTHY_ASYNCIO, Fixtures.HEALTHY_FASTAPI, Fixtures.BUSY_WORKER)) {
      assertThat(engine.diagnose(Fixtures.load(healthy)).hangFound()).as(healthy).isFalse();
    }
  }

  @Test
  void equalConfidenceKeepsTheOrderTheRulesWereGivenIn() {
    Rule low = rule("a", Confidence.LOW);
    Rule high = rule("b", Confidence.HIGH);
    Rule alsoLow = rule("c", Confidence.LOW);

    Diagnosis diagnosis =
        new RuleEngine(List.of(low, high, alsoLow))
            .diagnose(Fixtures.load(Fixtures.HEALTHY_ASYNCIO));

    assertThat(diagnosis.findings()).extracting(Finding::ruleId).containsExactly("b", "a", "c");
  }

  private static Rule rule(String id, Confidence confidence) {
    return new Rule() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public List<Finding> evaluate(dev.hangdoctor.evidence.Inspection inspection) {
        return List.of(
            new Finding(
                id, id, confidence, Finding.PROCESS_WIDE, null, List.of(), List.of(), "", ""));
      }
    };
  }
}
