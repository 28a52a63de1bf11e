package dev.hangdoctor.accuracy.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scorer picks the leading finding from the JSON report the way the text report picks its
 * headline ({@link Verdict}); if the headline's rule changes, this test says the scorer must
 * follow.
 */
class LeadingFindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void agreesWithTheHeadlineOfTheTextReportOnEveryShapeOfTree() throws Exception {
    Diagnosis healthy = process(1, List.of());
    Diagnosis alone = process(2, List.of(finding("cpu-spin", 21), finding("long-lock-wait", 22)));
    Diagnosis parentOfStuck =
        process(
            3,
            List.of(finding("waits-on-child", 3)),
            process(4, List.of(finding("blocking-network-read", 41))));
    Diagnosis healthyParentOfStuck =
        process(5, List.of(), process(6, List.of()), process(7, List.of(finding("cpu-spin", 71))));
    Diagnosis deeperWins =
        process(
            8,
            List.of(finding("waits-on-child", 8)),
            process(9, List.of(finding("pipe-deadlock", 9))),
            process(
                10,
                List.of(finding("waits-on-child", 10)),
                process(11, List.of(finding("lock-deadlock", 111)))));
    Diagnosis firstOfEqualDepth =
        process(
            12,
            List.of(),
            process(13, List.of(finding("cpu-spin", 131))),
            process(14, List.of(finding("lock-deadlock", 141))));

    for (Diagnosis tree :
        List.of(
            healthy, alone, parentOfStuck, healthyParentOfStuck, deeperWins, firstOfEqualDepth)) {
      JsonNode report = JSON.readTree(JsonRenderer.render(tree));
      Verdict headline = Verdict.of(tree);
      Optional<LeadingFinding> lead = LeadingFinding.of(report);

      assertThat(lead.isPresent())
          .as("pid %d: a hang found", tree.pid())
          .isEqualTo(headline.hangFound());
      if (lead.isPresent()) {
        assertThat(lead.get().process().at("/inspection/pid").asInt())
            .as("pid %d: the root-cause process", tree.pid())
            .isEqualTo(headline.process().pid());
        assertThat(lead.get().finding().get("ruleId").asText())
            .isEqualTo(headline.lead().orElseThrow().ruleId());
        assertThat(lead.get().finding().get("tid").asInt())
            .isEqualTo(headline.lead().orElseThrow().tid());
      }
    }
  }

  private static Diagnosis process(int pid, List<Finding> findings, Diagnosis... children) {
    Inspection inspection =
        new Inspection(
            Inspection.SCHEMA_VERSION,
            pid,
            List.of(),
            new WindowSummary(0, 0, 0.0, List.of(), List.of(), -1, -1),
            null,
            false);
    return new Diagnosis(
        Diagnosis.SCHEMA_VERSION,
        inspection,
        findings,
        findings.isEmpty() ? List.of("no known hang signature matched") : List.of(),
        List.of(children));
  }

  private static Finding finding(String ruleId, int tid) {
    return new Finding(
        ruleId, ruleId, Confidence.HIGH, tid, "t" + tid, List.of(), List.of("e"), "x", "f");
  }
}
