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

/**
 * pipe-deadlock and waits-on-child on real process trees, and a healthy parent, in every window
 * taken after the target proved every level blocked where it should be.
 */
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

      Verdicts.everyWindow(
          "the pipe deadlock with child " + child,
          target.pid(),
          top -> {
            Finding finding = HungFixtures.assertFirst(top, PIPE, (int) target.pid());
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.keyFrames().get(0).file()).isEqualTo(script.toString());
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(script));
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).startsWith("child PID " + child).contains("write"));
            assertThat(finding.fix()).contains("communicate()");
          });
    }
  }

  @Test
  void waitpidBeforeReadingTheChildsPipeInC() {
    try (Target target = Target.start(TargetSpec.c("pipe_deadlock.c"))) {
      int child = target.readyInt("child");

      Verdicts.everyWindow(
          "the pipe deadlock with child " + child,
          target.pid(),
          top -> {
            Finding finding = LiveFixtures.finding(top, PIPE).orElseThrow();
            assertThat(finding.tid()).isEqualTo(target.pid());
            assertThat(finding.kind()).isEqualTo("pipe deadlock with child PID " + child);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void subprocessRunOnAChildBlockedInARecvLeadsToTheChildsVerdict(PythonInterpreter python) {
    Path parent = LiveFixtures.script(CHILD, "run_fetcher.py");
    Path child = LiveFixtures.script(CHILD, "fetch_quote.py");
    try (Target target = Target.start(LiveFixtures.python(python, CHILD, "run_fetcher.py"))) {
      Verdicts.everyWindow(
          "the parent waiting on its stuck child",
          target.pid(),
          top -> {
            assertThat(top.children()).hasSize(1);
            Diagnosis fetcher = top.children().get(0);
            Finding childFinding = fetcher.findings().get(0);
            assertThat(childFinding.ruleId()).isEqualTo("blocking-network-read");
            assertThat(childFinding.keyFrames().get(0).file()).isEqualTo(child.toString());
            assertThat(childFinding.keyFrames().get(0).line())
                .isEqualTo(LiveFixtures.hangsHere(child));

            Finding finding = HungFixtures.assertFirst(top, CHILD, (int) target.pid());
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.kind()).isEqualTo("waits on stuck child PID " + fetcher.pid());
            assertThat(finding.keyFrames().get(0).file()).isEqualTo(parent.toString());
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(parent));
            assertThat(finding.evidence())
                .anySatisfy(
                    l ->
                        assertThat(l)
                            .startsWith("root cause in PID " + fetcher.pid())
                            .contains(child + ":" + LiveFixtures.hangsHere(child)));
          });
    }
  }

  @Test
  void aThreeLevelTreeLeadsToTheGrandchildRelockingItsMutex() {
    try (Target target = Target.start(TargetSpec.c("tree.c", "relock"))) {
      int child = target.readyInt("child");
      int grandchild = target.readyInt("grandchild");

      Verdicts.everyWindow(
          "every level of the tree stuck",
          target.pid(),
          top -> {
            Finding finding = HungFixtures.assertFirst(top, CHILD, (int) target.pid());
            assertThat(finding.kind()).isEqualTo("waits on stuck child PID " + child);
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).startsWith("which waits on PID " + grandchild))
                .anySatisfy(
                    l ->
                        assertThat(l)
                            .startsWith("root cause in PID " + grandchild + ": self-deadlock"));
            Diagnosis middle = top.children().get(0);
            assertThat(middle.findings().get(0).kind())
                .isEqualTo("waits on stuck child PID " + grandchild);
            Finding root = middle.children().get(0).findings().get(0);
            assertThat(root.ruleId()).isEqualTo("self-deadlock");
            assertThat(root.tid()).isEqualTo(grandchild);
          });
    }
  }

  @Test
  void aParentWaitingOnAProgressingChildIsHealthy() {
    PythonInterpreter python = LiveFixtures.pythons().findFirst().orElseThrow();
    try (Target target = Target.start(LiveFixtures.python(python, CHILD, "run_worker.py"))) {
      int child = target.readyInt("child");

      Verdicts.everyWindow(
          "no hang in a parent waiting on a progressing child",
          target.pid(),
          top -> {
            assertThat(top.hangFound()).as("findings: %s", top.findings()).isFalse();
            assertThat(top.healthyReasons())
                .anySatisfy(r -> assertThat(r).contains("on child PID " + child))
                .anySatisfy(r -> assertThat(r).contains("wait4(").endsWith("which shows no hang"));
          });
    }
  }
}
