package dev.hangdoctor.diagnosis.report;

import static dev.hangdoctor.diagnosis.report.Verdicts.finding;
import static dev.hangdoctor.diagnosis.report.Verdicts.process;
import static dev.hangdoctor.diagnosis.report.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTrackerTest {
  private final MarkdownTracker tracker = new MarkdownTracker(KnownSignatures.engine());

  private final Diagnosis hung =
      verdict(
          process(10, 1, "python3 app.py"),
          List.of(finding("blocking-network-read", Confidence.HIGH, 11, "worker", 42)));

  @Test
  void aNewTrackerHasEverySectionInOrder() {
    String markdown = tracker.render(hung, "hangdoctor diagnose 10 --markdown t.md", null);

    assertThat(markdown)
        .startsWith("# Stability tracker: blocking network read in svc\n")
        .containsSubsequence(
            "## Reproduction",
            "```sh\nhangdoctor diagnose 10 --markdown t.md\n```",
            "## Observed symptoms",
            "## Evidence",
            "at `Worker.work (/srv/app.py:42)`",
            "## Hypotheses",
            "1. **Ruled in: blocking network read** (high confidence, `blocking-network-read`)",
            "## Recommended fix",
            "Add a timeout at /srv/app.py:42 (Worker.work).",
            "## Follow-ups",
            "## Results log",
            "| date | command | verdict | top finding |");
    assertThat(markdown)
        .contains(
            "- **Ruled out: `cpu-spin`**: no thread wanted a CPU for most of the window (busiest 0 % CPU)")
        .doesNotContain("Ruled out: `blocking-network-read`");
    assertThat(markdown.strip().lines().reduce((a, b) -> b))
        .hasValue(
            "| 2026-11-23 11:07:46 UTC | `hangdoctor diagnose 10 --markdown t.md` | HANG |"
                + " blocking network read — PID 10, thread \"worker\" (tid 11) at Worker.work"
                + " (/srv/app.py:42) |");
  }

  @Test
  void everyKnownSignatureThatDidNotMatchIsRuledOutWithAReason() {
    Diagnosis healthy = verdict(process(10, 1, "python3 app.py"), List.of());

    String markdown = tracker.render(healthy, "hangdoctor diagnose 10", null);

    for (var rule : KnownSignatures.all()) {
      assertThat(markdown).containsPattern("- \\*\\*Ruled out: `" + rule.id() + "`\\*\\*: \\S");
    }
    assertThat(markdown).contains("| no hang found | - |");
  }

  @Test
  void anExistingTrackerOnlyGetsARowAndKeepsTheUsersEdits() {
    String first = tracker.render(hung, "hangdoctor diagnose 10", null);
    String edited =
        first.replace("## Follow-ups\n", "## Follow-ups\n\n- [x] talked to the backend team\n")
            + "\nNotes after the log, by hand.\n";

    String second =
        tracker.render(
            verdict(process(10, 1, "python3 app.py"), List.of()), "hangdoctor diagnose 10", edited);

    assertThat(second)
        .contains("- [x] talked to the backend team")
        .endsWith("Notes after the log, by hand.\n");
    assertThat(second.lines().filter(line -> line.startsWith("| 2026-"))).hasSize(2);
    assertThat(second.replaceFirst("\\| 2026-[^\n]*no hang found[^\n]*\n", "")).isEqualTo(edited);
  }
}
