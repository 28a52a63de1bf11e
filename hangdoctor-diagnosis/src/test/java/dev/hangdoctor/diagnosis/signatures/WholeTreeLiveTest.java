package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.DiagnosisTextRenderer;
import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.TreeCoverage;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import org.junit.jupiter.api.Test;

/**
 * A real tree of 28 processes: every one is sampled in the same window, and the root cause is named
 * along the real wait chain (supervisor → batch → fetch), not at the stray stuck reader nobody
 * waits for.
 */
class WholeTreeLiveTest {
  private static final String TREE = "whole-tree";

  @Test
  void everyProcessIsSampledInOneWindowAndTheRootCauseFollowsTheWaitChain() {
    PythonInterpreter python = LiveFixtures.pythons().findFirst().orElseThrow();
    try (Target target = Target.start(LiveFixtures.python(python, TREE, "supervisor.py"))) {
      int batch = target.readyInt("batch");
      int fetch = target.readyInt("fetch");
      int stray = target.readyInt("stray");

      Diagnosis top =
          LiveFixtures.inEveryWindow(
              target.pid(),
              "all 28 processes settled, the fetch and the stray reader stuck",
              d ->
                  d.flatten().size() >= 28
                      && Verdict.of(d).process().pid() == fetch
                      && d.flatten().stream()
                          .anyMatch(p -> p.pid() == stray && !p.findings().isEmpty()));

      TreeCoverage coverage = top.coverage();
      assertThat(coverage.complete()).isTrue();
      assertThat(coverage.sampled()).hasSize(coverage.treeSize()).hasSizeGreaterThanOrEqualTo(28);
      assertThat(coverage.rounds())
          .as("one window: three rounds, each one sample of every process")
          .hasSize(3)
          .allSatisfy(round -> assertThat(round.processes()).isEqualTo(coverage.treeSize()));
      assertThat(top.flatten()).allSatisfy(d -> assertThat(d.inspection().samples()).hasSize(3));

      Verdict verdict = Verdict.of(top);
      assertThat(verdict.chain())
          .extracting(Diagnosis::pid)
          .containsExactly((int) target.pid(), batch, fetch);
      assertThat(verdict.onChain()).isTrue();
      assertThat(verdict.lead().orElseThrow().ruleId()).isEqualTo("blocking-network-read");

      String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(top);
      assertThat(text)
          .contains("  root cause in PID " + fetch + " (")
          .contains("below PID " + target.pid() + " → PID " + batch + " → PID " + fetch)
          .doesNotContain("root cause in PID " + stray)
          .contains("sampled all " + coverage.treeSize() + " processes of the tree side by side");
    }
  }
}
