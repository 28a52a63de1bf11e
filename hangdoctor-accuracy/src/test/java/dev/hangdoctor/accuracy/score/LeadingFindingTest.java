package dev.hangdoctor.accuracy.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Headline;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scorer picks the leading finding from the JSON report: the one its {@code headline} names
 * (what the text report's first line says, {@link Verdict}), and, for reports written before the
 * headline was in the JSON, the first finding of the deepest process along the chain of processes
 * with findings.
 */
class LeadingFindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theHeadlineNamesTheProcessRuleAndThread() throws Exception {
    Diagnosis tree =
        process(
            8,
            List.of(finding("waits-on-child", 8)),
            process(9, List.of(finding("pipe-deadlock", 9))),
            process(10, List.of(finding("cpu-spin", 101), finding("lock-deadlock", 102))));

    Optional<LeadingFinding> lead =
        LeadingFinding.of(
            report(
                tree,
                new Headline(
                    Headline.Kind.HANG, 10, List.of(8, 10), true, "lock-deadlock", 102, "HANG")));
    Optional<LeadingFinding> none =
        LeadingFinding.of(
            report(
                tree,
                new Headline(
                    Headline.Kind.COULD_NOT_LOOK, 8, List.of(8), true, null, 0, "could not look")));

    assertThat(lead).isPresent();
    assertThat(lead.get().process().at("/inspection/pid").asInt()).isEqualTo(10);
    assertThat(lead.get().finding().get("ruleId").asText()).isEqualTo("lock-deadlock");
    assertThat(lead.get().finding().get("tid").asInt()).isEqualTo(102);
    assertThat(none).as("only a HANG headline leads to a finding").isEmpty();
  }

  @Test
  void aReportWithoutAHeadlineLeadsWithTheDeepestProcessWithFindings() throws Exception {
    Diagnosis healthy = process(1, List.of());
    Diagnosis alone = process(2, List.of(finding("cpu-spin", 21), finding("long-lock-wait", 22)));
    Diagnosis parentOfStuck =
        process(
            3,
            List.of(finding("waits-on-child", 3)),
            process(4, List.of(finding("blocking-network-read", 41))));
    Diagnosis deeperWins =
        process(
            8,
            List.of(finding("waits-on-child", 8)),
            process(9, List.of(finding("pipe-deadlock", 9))),
            process(
                10,
                List.of(finding("waits-on-child", 10)),
                process(11, List.of(finding("lock-deadlock", 111)))));

    assertThat(LeadingFinding.of(report(healthy, null))).isEmpty();
    assertLead(alone, 2, "cpu-spin", 21);
    assertLead(parentOfStuck, 4, "blocking-network-read", 41);
    assertLead(deeperWins, 11, "lock-deadlock", 111);
  }

  private static void assertLead(Diagnosis tree, int pid, String ruleId, int tid) throws Exception {
    LeadingFinding lead = LeadingFinding.of(report(tree, null)).orElseThrow();
    assertThat(lead.process().at("/inspection/pid").asInt())
        .as("pid %d", tree.pid())
        .isEqualTo(pid);
    assertThat(lead.finding().get("ruleId").asText()).isEqualTo(ruleId);
    assertThat(lead.finding().get("tid").asInt()).isEqualTo(tid);
  }

  private static JsonNode report(Diagnosis tree, Headline headline) throws Exception {
    return JSON.readTree(
        JsonRenderer.render(headline == null ? tree : tree.withHeadline(headline)));
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
