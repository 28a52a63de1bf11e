package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockDeadlockTest {
  private final LockDeadlock rule = new LockDeadlock();

  @Test
  void anAbbaDeadlockOnPthreadMutexesIsACycleOfKnownOwners() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.MUTEX_DEADLOCK));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("lock-deadlock");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(18323);
    assertThat(finding.threadName()).isEqualTo("transfer-ab");
    assertThat(finding.evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("\"transfer-ab\" (tid 18323) waits for mutex 0x5589b93120e0")
                    .endsWith("held by \"transfer-ba\" (tid 18324)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("\"transfer-ba\" (tid 18324) waits for mutex 0x5589b93120a0")
                    .endsWith("held by \"transfer-ab\" (tid 18323)"));
    assertThat(finding.fix()).contains("one fixed order");
  }

  @Test
  void aThreadRelockingItsOwnMutexIsLeftToTheSelfDeadlockRule() {
    Inspection grandchild = Fixtures.loadTree(Fixtures.TREE_RELOCK).descendants().get(1);

    assertThat(rule.evaluate(grandchild)).isEmpty();
  }

  @Test
  void pythonThreadsBlockedOnLocksWithNobodyLeftToReleaseThem() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PYTHON_LOCK_DEADLOCK));
    int line = Fixtures.hangsHere("transfers.py");

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(finding.tid()).isEqualTo(18676);
    assertThat(finding.threadName()).isEqualTo("to-checking");
    assertThat(finding.keyFrames().get(0).file()).endsWith("/transfers.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(line);
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("transfer");
    assertThat(finding.evidence())
        .anySatisfy(l -> assertThat(l).startsWith("\"to-checking\" (tid 18676) blocked acquiring"))
        .anySatisfy(l -> assertThat(l).startsWith("\"to-savings\" (tid 18677) blocked acquiring"))
        .anySatisfy(l -> assertThat(l).contains("all 3 threads"));
    assertThat(finding.fix()).contains("transfers.py:" + line);
  }

  @Test
  void aCycleIsToldFromTheLowestThreadIdAsANumber() throws Exception {
    // transfer-ab renumbered past a digit: as strings, "18320/100323" sorted before
    // "18320/18324", and which thread the finding named changed with the tids' lengths
    String renumbered =
        Fixtures.json(Fixtures.MUTEX_DEADLOCK).toString().replace("18323", "100323");
    List<Finding> findings = rule.evaluate(Fixtures.read(new ObjectMapper().readTree(renumbered)));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).tid()).isEqualTo(18324);
    assertThat(findings.get(0).threadName()).isEqualTo("transfer-ba");
  }

  @Test
  void aLongWaitIsNoDeadlock() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.MUTEX_LONG_WAIT))).isEmpty();
    assertThat(rule.evaluate(Fixtures.load(Fixtures.PYTHON_LONG_LOCK_WAIT))).isEmpty();
  }

  @Test
  void noOtherRecordingIsADeadlock() {
    for (String name : Fixtures.ALL) {
      if (!name.equals(Fixtures.MUTEX_DEADLOCK) && !name.equals(Fixtures.PYTHON_LOCK_DEADLOCK)) {
        assertThat(rule.evaluate(Fixtures.load(name))).as(name).isEmpty();
      }
    }
  }
}
