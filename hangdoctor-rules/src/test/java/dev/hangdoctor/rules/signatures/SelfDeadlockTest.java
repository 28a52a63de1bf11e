package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfDeadlockTest {
  private final SelfDeadlock rule = new SelfDeadlock();

  @Test
  void aThreadRelockingItsOwnMutexWaitsForItself() {
    Inspection grandchild = Fixtures.loadTree(Fixtures.TREE_RELOCK).descendants().get(1);

    List<Finding> findings = rule.evaluate(grandchild);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("self-deadlock");
              assertThat(f.tid()).isEqualTo(19587);
              assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
              assertThat(f.evidence().get(0)).contains("held by itself");
              assertThat(f.explanation()).contains("already holds");
              assertThat(f.fix()).contains("PTHREAD_MUTEX_RECURSIVE");
            });
  }

  @Test
  void aCycleOfTwoThreadsIsNoSelfDeadlock() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.MUTEX_DEADLOCK))).isEmpty();
    assertThat(rule.evaluate(Fixtures.load(Fixtures.PYTHON_LOCK_DEADLOCK))).isEmpty();
  }
}
