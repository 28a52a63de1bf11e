package dev.hangdoctor.diagnosis.report;

import static dev.hangdoctor.diagnosis.report.Verdicts.finding;
import static dev.hangdoctor.diagnosis.report.Verdicts.process;
import static dev.hangdoctor.diagnosis.report.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTextRendererTest {
  private final DiagnosisTextRenderer renderer = new DiagnosisTextRenderer();

  @Test
  void aHealthyProcessSaysSoFirstAndGivesTheReasons() {
    String text = renderer.render(verdict(process(10, 1, "python3 idle.py"), List.of()));

    assertThat(text)
        .startsWith("no hang found in PID 10 (2 samples over 0.5 s)\n")
        .contains("  - main (tid 10) idle")
        .doesNotContain("HANG");
  }

  @Test
  void theVerdictComesFirstWithTheUsersFrameAndFindingsRankedAsGiven() {
    Diagnosis diagnosis =
        verdict(
            process(10, 1, "python3 app.py"),
            List.of(
                finding("blocking-network-read", Confidence.HIGH, 11, "worker", 42),
                finding("stopped-consuming", Confidence.MEDIUM, 12, "reader", 7)));

    String text = renderer.render(diagnosis);

    assertThat(text.lines().findFirst())
        .hasValue("HANG: blocking network read in thread \"worker\" (tid 11)");
    assertThat(text)
        .contains("  at Worker.work (/srv/app.py:42)\n")
        .contains("     frames   Worker.work (/srv/app.py:42)\n")
        .contains("              socket.recv_into (/usr/lib/python3.11/socket.py:700)\n")
        .contains("     fix      Add a timeout at /srv/app.py:42 (Worker.work).");
    assertThat(text.indexOf("1. blocking network read")).isLessThan(text.indexOf("2. stopped"));
    assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void threadsStuckOnTheSameLineAreOneFindingNamingTheOthers() {
    Diagnosis diagnosis =
        verdict(
            process(10, 1, "python3 app.py"),
            List.of(
                finding("blocking-network-read", Confidence.HIGH, 11, "worker-0", 42),
                finding("blocking-network-read", Confidence.HIGH, 12, "worker-1", 42),
                finding("blocking-network-read", Confidence.HIGH, 13, "worker-2", 43)));

    String text = renderer.render(diagnosis);

    assertThat(text)
        .contains("1. blocking network read")
        .contains("also     the same in 1 more thread: \"worker-1\" (tid 12)")
        .contains("2. blocking network read")
        .doesNotContain("3. ");
  }

  @Test
  void aParentWaitingOnAStuckGrandchildLeadsToTheGrandchildsVerdict() {
    Diagnosis grandchild =
        verdict(
            process(30, 20, "python3 worker.py"),
            List.of(finding("blocking-network-read", Confidence.HIGH, 31, "fetch", 9)));
    Diagnosis child = verdict(process(20, 10, "sh -c worker"), List.of(), grandchild);
    Diagnosis top =
        verdict(
            process(10, 1, "make test"),
            List.of(finding("parent-waits-on-child", Confidence.MEDIUM, 10, "main", 1)),
            child);

    String text = renderer.render(top);

    assertThat(text.lines().limit(3))
        .containsExactly(
            "HANG: blocking network read in thread \"fetch\" (tid 31)",
            "  at Worker.work (/srv/app.py:9)",
            "  root cause in PID 30 (python3 worker.py), below PID 10 → PID 20 → PID 30");
    assertThat(text)
        .contains("PID 30  python3 worker.py   (child of PID 20)")
        .contains("PROCESSES (3)")
        .containsPattern("  PID 10  make test +HANG: parent waits on child")
        .containsPattern("  └─ PID 20  sh -c worker +no finding; one below it has")
        .containsPattern("     └─ PID 30  python3 worker.py +HANG: blocking network read");
    assertThat(text.indexOf("PID 10  make test\n")).isLessThan(text.indexOf("PID 30  python3"));
  }
}
