package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import org.junit.jupiter.api.Test;

class WaitsOnChildTest {

  @Test
  void aParentInSubprocessRunPointsAtItsChildsBlockingRead() {
    Diagnosis top = Fixtures.loadTree(Fixtures.STUCK_CHILD).diagnose();
    int parentLine = Fixtures.hangsHere("run_fetcher.py");
    int childLine = Fixtures.hangsHere("fetch_quote.py");

    Diagnosis child = top.children().get(0);
    assertThat(child.findings().get(0).ruleId()).isEqualTo("blocking-network-read");
    assertThat(top.findings()).hasSize(1);
    Finding finding = top.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo("waits-on-child");
    assertThat(finding.kind()).isEqualTo("waits on stuck child PID 19306");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(19291);
    assertThat(finding.keyFrames().get(0).file()).endsWith("/run_fetcher.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(parentLine);
    assertThat(finding.evidence())
        .anySatisfy(l -> assertThat(l).startsWith("poll(").contains("unchanged"))
        .anySatisfy(
            l -> assertThat(l).startsWith("waits on child PID 19306").contains("fetch_quote.py"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("root cause in PID 19306: blocking network read without a timeout")
                    .contains("fetch_quote.py:" + childLine));
    assertThat(finding.fix()).contains("settimeout").contains("run_fetcher.py:" + parentLine);
  }

  @Test
  void aThreeLevelTreeLeadsFromTheTopToTheGrandchildsDeadlock() {
    Diagnosis top = Fixtures.loadTree(Fixtures.TREE_RELOCK).diagnose();

    Diagnosis child = top.children().get(0);
    Diagnosis grandchild = child.children().get(0);
    assertThat(grandchild.findings().get(0).ruleId()).isEqualTo("self-deadlock");
    assertThat(child.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("waits-on-child");
              assertThat(f.kind()).isEqualTo("waits on stuck child PID 19587");
              assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
            });
    assertThat(top.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("waits on stuck child PID 19586");
              assertThat(f.evidence())
                  .contains("which waits on PID 19587 (/tmp/nv/bin/tree relock)")
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .startsWith("root cause in PID 19587: self-deadlock on mutex"));
            });
  }

  @Test
  void aParentReadingTheErrorPipeOfAPreexecChildStuckOnAnInheritedLockPointsAtTheChild() {
    Diagnosis top = Fixtures.loadTree(Fixtures.PREEXEC_CHILD).diagnose();

    Diagnosis child = top.children().get(0);
    assertThat(child.pid()).isEqualTo(18078);
    assertThat(child.findings().get(0).ruleId()).isEqualTo("lock-inherited-across-fork");
    // the parent closed its own copy of the write end: only the stuck child holds it, so the read
    // is a wait on that child, and the lock the child inherited is the cause, not the pipe
    assertThat(top.findings()).noneMatch(f -> f.ruleId().equals(NeverEofPipe.ID));
    Finding finding = top.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo(WaitsOnChild.ID);
    assertThat(finding.tid()).isEqualTo(18073);
    assertThat(finding.threadName()).isEqualTo("manifest-sync");
    assertThat(finding.evidence())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("root cause in PID 18078: self._lock inherited held across fork"));
    assertThat(finding.fix()).contains("preexec_fn");
  }

  @Test
  void aParentOfAProgressingChildIsHealthyAndSaysWhatItWaitsFor() {
    Diagnosis top = Fixtures.loadTree(Fixtures.HEALTHY_PARENT).diagnose();

    assertThat(top.hangFound()).isFalse();
    assertThat(top.healthyReasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("waits in wait4(")
                    .contains("on child PID 19429")
                    .endsWith("which shows no hang"));
  }

  @Test
  void aParentOfAChildInAPipeDeadlockIsLeftToThatRule() {
    Diagnosis top = Fixtures.loadTree(Fixtures.PIPE_DEADLOCK).diagnose();

    assertThat(top.findings()).noneMatch(f -> f.ruleId().equals(WaitsOnChild.ID));
  }
}
