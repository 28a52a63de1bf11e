package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** pipe-deadlock and waits-on-child on real process trees, and a healthy parent. */
class ProcessTreeSignaturesLiveTest {
  private static final String PIPE = "pipe-deadlock";
  private static final String CHILD = "waits-on-child";

  static Stream<PythonInterpreter> pythons() {
    return LiveFixtures.pythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void popenWaitOnAChildFillingItsStdoutPipe(PythonInterpreter python) {
    Path script = LiveFixtures.script(PIPE, "export_report.py");
    try (Target target = Target.start(LiveFixtures.python(python, PIPE, "export_report.py"))) {
      int child = target.readyInt("child");

      Diagnosis top =
          LiveFixtures.diagnoseUntil(
              target.pid(), "the pipe deadlock", d -> LiveFixtures.finding(d, PIPE).isPresent());

      Finding finding = top.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(PIPE);
      assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(finding.tid()).isEqualTo(target.pid());
      assertThat(finding.keyFrames().get(0).file()).isEqualTo(script.toString());
      assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(script));
      assertThat(finding.evidence())
          .anySatisfy(l -> assertThat(l).startsWith("child PID " + child).contains("write"));
      assertThat(finding.fix()).contains("communicate()");
    }
  }

  @Test
  void waitpidBeforeReadingTheChildsPipeInC() {
    try (Target target = Target.start(TargetSpec.c("pipe_deadlock.c"))) {
      int child = target.readyInt("child");

      Diagnosis top =
          LiveFixtures.diagnoseUntil(
              target.pid(), "the pipe deadlock", d -> LiveFixtures.finding(d, PIPE).isPresent());

      Finding finding = LiveFixtures.finding(top, PIPE).orElseThrow();
      assertThat(finding.tid()).isEqualTo(target.pid());
      assertThat(finding.kind()).isEqualTo("pipe deadlock with child PID " + child);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void subprocessRunOnAChildBlockedInARecvLeadsToTheChildsVerdict(PythonInterpreter python) {
    Path parent = LiveFixtures.script(CHILD, "run_fetcher.py");
    Path child = LiveFixtures.script(CHILD, "fetch_quote.py");
    try (Target target = Target.start(LiveFixtures.python(python, CHILD, "run_fetcher.py"))) {
      Diagnosis top =
          LiveFixtures.diagnoseUntil(
              target.pid(), "the stuck child", d -> LiveFixtures.finding(d, CHILD).isPresent());

      assertThat(top.children()).hasSize(1);
      Diagnosis fetcher = top.children().get(0);
      Finding childFinding = fetcher.findings().get(0);
      assertThat(childFinding.ruleId()).isEqualTo("blocking-network-read");
      assertThat(childFinding.keyFrames().get(0).file()).isEqualTo(child.toString());
      assertThat(childFinding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(child));

      Finding finding = top.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(CHILD);
      assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(finding.kind()).isEqualTo("waits on stuck child PID " + fetcher.pid());
      assertThat(finding.tid()).isEqualTo(target.pid());
      assertThat(finding.keyFrames().get(0).file()).isEqualTo(parent.toString());
      assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(parent));
      assertThat(finding.evidence())
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("root cause in PID " + fetcher.pid())
                      .contains(child + ":" + LiveFixtures.hangsHere(child)));
    }
  }

  @Test
  void aThreeLevelTreeLeadsToTheGrandchildRelockingItsMutex() {
    try (Target target = Target.start(TargetSpec.c("tree.c", "relock"))) {
      int child = target.readyInt("child");
      int grandchild = target.readyInt("grandchild");

      Diagnosis top =
          LiveFixtures.diagnoseUntil(
              target.pid(), "every level stuck", d -> LiveFixtures.finding(d, CHILD).isPresent());

      Finding finding = top.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(CHILD);
      assertThat(finding.kind()).isEqualTo("waits on stuck child PID " + child);
      assertThat(finding.evidence())
          .anySatisfy(l -> assertThat(l).startsWith("which waits on PID " + grandchild))
          .anySatisfy(
              l -> assertThat(l).startsWith("root cause in PID " + grandchild + ": lock deadlock"));
      Diagnosis middle = top.children().get(0);
      assertThat(middle.findings().get(0).kind())
          .isEqualTo("waits on stuck child PID " + grandchild);
      Finding root = middle.children().get(0).findings().get(0);
      assertThat(root.ruleId()).isEqualTo("lock-deadlock");
      assertThat(root.tid()).isEqualTo(grandchild);
    }
  }

  @Test
  void aParentWaitingOnAProgressingChildIsHealthy() {
    PythonInterpreter python = LiveFixtures.pythons().findFirst().orElseThrow();
    try (Target target = Target.start(LiveFixtures.python(python, CHILD, "run_worker.py"))) {
      int child = target.readyInt("child");

      Diagnosis top =
          LiveFixtures.diagnoseUntil(
              target.pid(),
              "the parent seen waiting on its child",
              d -> d.healthyReasons().stream().anyMatch(r -> r.contains("on child PID " + child)));

      assertThat(top.hangFound()).isFalse();
      assertThat(top.healthyReasons())
          .anySatisfy(r -> assertThat(r).contains("wait4(").endsWith("which shows no hang"));
    }
  }
}
