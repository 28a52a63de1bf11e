package dev.hangdoctor.diagnosis.report;

import static dev.hangdoctor.diagnosis.report.Verdicts.blind;
import static dev.hangdoctor.diagnosis.report.Verdicts.finding;
import static dev.hangdoctor.diagnosis.report.Verdicts.process;
import static dev.hangdoctor.diagnosis.report.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The headline policy: a root cause only along a real wait chain, and never a false "no hang". */
class VerdictTest {
  private static final BlindSpot OLD_PYTHON =
      new BlindSpot(
          BlindSpot.Kind.UNSUPPORTED,
          "Python stacks",
          "CPython 3.10: hangdoctor reads 3.11 to 3.14",
          "py-spy dump --pid 10 shows them");

  @Test
  void theRootCauseIsFollowedOnlyToTheChildTheParentWaitsFor() {
    Diagnosis waitedLeaf =
        verdict(
            process(30, 20, "python3 leaf.py"),
            List.of(finding("blocking-network-read", Confidence.HIGH, 30, "MainThread", 5)));
    Diagnosis waited =
        verdict(
            process(20, 10, "python3 middle.py", 30, TaskState.SLEEPING),
            List.of(finding("waits-on-child", Confidence.HIGH, 20, "MainThread", 3)),
            waitedLeaf);
    Diagnosis sibling =
        verdict(
            process(40, 10, "python3 stuck.py", 99, TaskState.SLEEPING),
            List.of(finding("blocking-network-read", Confidence.HIGH, 40, "MainThread", 4)));
    Diagnosis root =
        verdict(
            process(10, 1, "python3 root.py", 20, TaskState.SLEEPING),
            List.of(finding("waits-on-child", Confidence.HIGH, 10, "MainThread", 13)),
            sibling,
            waited);

    Verdict verdict = Verdict.of(root);

    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.HANG);
    assertThat(verdict.chain()).extracting(Diagnosis::pid).containsExactly(10, 20, 30);
    assertThat(verdict.process().pid()).isEqualTo(30);
    assertThat(verdict.onChain()).isTrue();
  }

  @Test
  void aStuckProcessNobodyWaitsOnIsReportedButNotCalledTheRootCause() {
    Diagnosis orphan =
        verdict(
            process(40, 10, "python3 stuck.py", 99, TaskState.SLEEPING),
            List.of(finding("blocking-network-read", Confidence.HIGH, 40, "MainThread", 4)));
    Diagnosis healthyChild =
        verdict(process(20, 10, "sleep 100", 99, TaskState.SLEEPING), List.of());
    Diagnosis root =
        verdict(
            process(10, 1, "supervisor", 20, TaskState.SLEEPING), List.of(), healthyChild, orphan);

    Verdict verdict = Verdict.of(root);
    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(root);

    assertThat(verdict.process().pid()).isEqualTo(40);
    assertThat(verdict.onChain()).isFalse();
    assertThat(verdict.chain()).extracting(Diagnosis::pid).containsExactly(10);
    assertThat(text)
        .contains("  in PID 40 (python3 stuck.py), below PID 10: no wait chain from PID 10 leads")
        .doesNotContain("root cause in PID 40");
  }

  @Test
  void aProcessWhoseStacksCouldNotBeReadIsNeverCalledHealthy() {
    Diagnosis root = blind(verdict(process(10, 1, "python3.10 app.py"), List.of()), OLD_PYTHON);

    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(root);

    assertThat(Verdict.of(root).kind()).isEqualTo(Verdict.Kind.COULD_NOT_LOOK);
    assertThat(text.lines().findFirst())
        .hasValue(
            "could not look inside PID 10: Python stacks not read (CPython 3.10: hangdoctor reads"
                + " 3.11 to 3.14)");
    assertThat(text)
        .contains("  missing  Python stacks: py-spy dump --pid 10 shows them")
        .doesNotContain("no hang found");
  }

  @Test
  void whatTheKernelRefusedIsSaidOnceWithTheRemedy() {
    BlindSpot waits =
        new BlindSpot(
            BlindSpot.Kind.REFUSED,
            "thread waits (wchan, syscall)",
            "the kernel refused to show them",
            "it belongs to uid 0 and you are uid 65534; run as that user");
    BlindSpot memory =
        new BlindSpot(
            BlindSpot.Kind.REFUSED,
            "Python stacks",
            "the kernel refused to show its memory",
            "it belongs to uid 0 and you are uid 65534; run as that user");
    Diagnosis root = blind(verdict(process(10, 1, "python3 app.py"), List.of()), waits, memory);

    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(root);

    assertThat(Verdict.of(root).refused()).isTrue();
    assertThat(text)
        .startsWith(
            "could not look inside PID 10: the kernel refused thread waits (wchan, syscall),"
                + " memory (Python stacks)\n")
        .contains(
            "  missing  thread waits (wchan, syscall), Python stacks: it belongs to uid 0 and you"
                + " are uid 65534; run as that user\n");
  }

  @Test
  void aStoppedProcessIsAHangNotAHealthyOne() {
    Diagnosis root = verdict(process(10, 1, "sleep 1000", -1, TaskState.STOPPED), List.of());

    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(root);

    assertThat(Verdict.of(root).kind()).isEqualTo(Verdict.Kind.STOPPED);
    assertThat(Verdict.of(root).hangFound()).isTrue();
    assertThat(text)
        .startsWith("HANG: PID 10 is stopped (state T")
        .contains("fix      kill -CONT 10")
        .doesNotContain("no hang found");
  }

  @Test
  void aHangFoundWithoutTheStacksSaysWhatCouldNotBeLookedAt() {
    Diagnosis root =
        blind(
            verdict(
                process(10, 1, "python3.10 app.py"),
                List.of(finding("blocking-network-read", Confidence.MEDIUM, 10, "main", 4))),
            OLD_PYTHON);

    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(root);

    assertThat(text)
        .startsWith("HANG (medium confidence): blocking network read")
        .contains(
            "  could not look at Python stacks (CPython 3.10: hangdoctor reads 3.11 to 3.14)\n");
  }

  @Test
  void theJsonCarriesTheHeadlineTheTextStartsWith() throws Exception {
    Diagnosis root = blind(verdict(process(10, 1, "python3.10 app.py"), List.of()), OLD_PYTHON);

    JsonNode headline = JsonRenderer.mapper().readTree(DiagnosisReports.json(root)).get("headline");

    assertThat(headline.get("kind").asText()).isEqualTo("COULD_NOT_LOOK");
    assertThat(headline.get("pid").asInt()).isEqualTo(10);
    assertThat(headline.get("ruleId").isNull()).isTrue();
    assertThat(headline.get("text").asText())
        .isEqualTo(
            new DiagnosisTextRenderer(OutputStyle.PLAIN)
                .render(root)
                .lines()
                .findFirst()
                .orElseThrow());
  }
}
