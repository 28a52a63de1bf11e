package dev.hangdoctor.diagnosis.report;

import static dev.hangdoctor.diagnosis.report.Verdicts.blind;
import static dev.hangdoctor.diagnosis.report.Verdicts.finding;
import static dev.hangdoctor.diagnosis.report.Verdicts.process;
import static dev.hangdoctor.diagnosis.report.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.TreeCoverage;
import java.util.ArrayList;
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
            List.of(finding("waits-on-child", Confidence.MEDIUM, 10, "main", 1)),
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
        .containsPattern("  PID 10  make test +HANG: waits on child")
        .containsPattern("  └─ PID 20  sh -c worker +no finding; one below it has")
        .containsPattern("     └─ PID 30  python3 worker.py +HANG: blocking network read");
    assertThat(text.indexOf("PID 10  make test\n")).isLessThan(text.indexOf("PID 30  python3"));
  }

  @Test
  void textIsWrappedToTheGivenWidthAndNotAtAllWithoutOne() {
    Diagnosis diagnosis =
        verdict(
            process(10, 1, "python3 app.py"),
            List.of(finding("blocking-network-read", Confidence.HIGH, 11, "worker", 42)));

    String narrow =
        new DiagnosisTextRenderer(new OutputStyle(Redactor.DEFAULT, 60, false)).render(diagnosis);
    String piped = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(diagnosis);

    assertThat(narrow.lines())
        .filteredOn(line -> !line.contains("(/"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    assertThat(piped)
        .contains(
            "     why      The thread waits for a peer that never answers, and everything waiting"
                + " on it waits with it, for as long as the peer stays silent, which can be"
                + " forever.\n");
  }

  @Test
  void whatCouldNotBeSeenBesideAHangFitsTheWidthFromItsFirstLine() {
    Diagnosis diagnosis =
        blind(
            verdict(
                process(10, 1, "python3 app.py"),
                List.of(finding("blocking-network-read", Confidence.HIGH, 11, "worker", 42))),
            new BlindSpot(
                BlindSpot.Kind.REFUSED,
                "thread waits (wchan, syscall)",
                "the kernel refused to show them",
                "run as that user"));

    String narrow =
        new DiagnosisTextRenderer(new OutputStyle(Redactor.DEFAULT, 60, false)).render(diagnosis);

    assertThat(narrow).contains("  could not look at thread waits");
    assertThat(narrow.lines())
        .filteredOn(line -> !line.contains("(/"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
  }

  @Test
  void theVerdictLineAndTheConfidenceAreColouredOnlyWhenAsked() {
    Diagnosis diagnosis =
        verdict(
            process(10, 1, "python3 app.py"),
            List.of(finding("blocking-network-read", Confidence.HIGH, 11, "worker", 42)));

    String coloured =
        new DiagnosisTextRenderer(new OutputStyle(Redactor.DEFAULT, 100, true)).render(diagnosis);
    String plain = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(diagnosis);

    assertThat(coloured)
        .startsWith("\u001b[1;31mHANG: blocking network read")
        .contains("   \u001b[1;31mHIGH\u001b[0m   [blocking-network-read]");
    assertThat(plain).doesNotContain("\u001b");
  }

  @Test
  void identicalHealthyThreadsAreFoldedIntoOneLine() {
    List<String> reasons = new ArrayList<>();
    reasons.add("no known hang signature matched (3 samples)");
    for (int tid = 100; tid < 2100; tid++) {
      reasons.add(
          "worker-"
              + tid
              + " (tid "
              + tid
              + ") waits in futex(0x7f00"
              + Integer.toHexString(tid)
              + ", 393, 0, …) in futex_do_wait (no timeout; no rule flags it)");
    }
    reasons.add("no thread at high CPU (process 0 % over the window)");
    Inspection inspection = process(10, 1, "python3 pool.py");
    Diagnosis diagnosis =
        new Diagnosis(Diagnosis.SCHEMA_VERSION, inspection, List.of(), reasons, List.of());

    String text = new DiagnosisTextRenderer(OutputStyle.PLAIN).render(diagnosis);

    assertThat(text.lines().count()).isLessThan(10);
    assertThat(text)
        .contains(
            "  - 2,000 threads wait in futex(0x…, 393, 0, …) in futex_do_wait (no timeout; no"
                + " rule flags it): worker-100 (tid 100), worker-101 (tid 101), worker-102 (tid"
                + " 102), and 1,997 more");
  }

  @Test
  void aTreeSaysWhichProcessesWereSampledAndWhichWereLeftOut() {
    Diagnosis child = verdict(process(20, 10, "sleep 100"), List.of());
    Diagnosis root =
        verdict(process(10, 1, "sh run.sh"), List.of(), child)
            .withCoverage(
                new TreeCoverage(
                    3,
                    List.of(10, 20),
                    List.of(
                        new TreeCoverage.LeftOut(30, "sleep 1", "exited before its first sample")),
                    List.of(
                        new TreeCoverage.Round(1, Verdicts.AT, 40, 2),
                        new TreeCoverage.Round(2, Verdicts.AT + 500, 60, 2))));

    String text = renderer.render(root);

    assertThat(text)
        .contains(
            "sampled 2 of the 3 processes of the tree side by side: 2 rounds over 0.6 s, a round"
                + " took 40-60 ms\n")
        .contains("  left out PID 30 (sleep 1): exited before its first sample\n");
  }

  @Test
  void secretsAreRedactedInTheReportUnlessAskedNotTo() {
    Diagnosis diagnosis =
        verdict(
            process(10, 1, "python3 app.py --password=hunter2 --db postgres://app:s3cret@db/x"),
            List.of());

    String redacted = DiagnosisReports.text(diagnosis);
    String json = DiagnosisReports.json(diagnosis);
    String tracker =
        DiagnosisReports.markdownTracker(
            diagnosis, "hangdoctor diagnose --url http://u:pw@127.0.0.1:8/", null);
    String kept = DiagnosisReports.text(diagnosis, OutputStyle.PLAIN.withRedactor(Redactor.NONE));

    for (String report : List.of(redacted, json, tracker)) {
      assertThat(report)
          .doesNotContain("hunter2")
          .doesNotContain("s3cret")
          .doesNotContain("u:pw@")
          .contains("--password=<redacted>");
    }
    assertThat(kept).contains("--password=hunter2").contains("app:s3cret@db");
  }
}
