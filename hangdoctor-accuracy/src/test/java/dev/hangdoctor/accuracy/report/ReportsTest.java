package dev.hangdoctor.accuracy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.accuracy.corpus.CaseKind;
import dev.hangdoctor.accuracy.corpus.CaseRuntime;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.corpus.Truth;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.Outcome;
import dev.hangdoctor.accuracy.score.WindowScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Totals, the text and JSON reports, expected.json and the check, on a made-up run. */
class ReportsTest {
  private static final RuntimeUnderTest PY311 = python("3.11");
  private static final RuntimeUnderTest PY314 = python("3.14");
  private static final CorpusCase EXIT = hang("exit-map", "interpreter-exit", "urlopen");
  private static final CorpusCase SPIN = hang("busy-poll", "cpu-spin", null);
  private static final CorpusCase IDLE = control("idle-server");

  private static AccuracyReport report() {
    return report(List.of());
  }

  private static AccuracyReport report(List<CaseResult> more) {
    List<CaseResult> results = new ArrayList<>();
    results.add(measured(EXIT, PY311, hits(10, 0)));
    results.add(measured(EXIT, PY314, hits(9, 1)));
    results.add(measured(SPIN, PY311, hits(3, 7)));
    results.add(CaseResult.skipped(SPIN, PY314, "no 3.14 wheel (case.json skip)"));
    results.add(measured(IDLE, PY311, clean(10, 0)));
    results.add(measured(IDLE, PY314, clean(8, 2)));
    results.add(
        new CaseResult(
            hang("never-starts", "pipe", null),
            PY311,
            CaseResult.Status.CORPUS_FAILURE,
            "did not start: start exited with 3 before HANGDOCTOR-READY",
            0,
            List.of(),
            Duration.ofSeconds(60)));
    results.addAll(more);
    return new AccuracyReport(
        "/tmp/hangdoctor.jar",
        10,
        2,
        List.of(PY311, PY314),
        List.of("CPython 3.11.2 (/usr/bin/python3.11): not used"),
        results,
        List.of(),
        Instant.parse("2026-12-02T21:00:00Z"),
        Duration.ofSeconds(754));
  }

  @Test
  void recognisedIsNineOfTenAndCleanIsNoFalseAlarm() {
    AccuracyReport report = report();

    assertThat(report.hangs())
        .extracting(CaseResult::recognised)
        .containsExactly(true, true, false);
    assertThat(report.controls()).extracting(CaseResult::clean).containsExactly(true, false);
    Totals all = Totals.of(report.results());
    assertThat(all).isEqualTo(new Totals(3, 2, 2, 1, 2, 1, 1, 0));
    assertThat(Totals.byRuntime(report.results()).get("3.14"))
        .isEqualTo(new Totals(1, 1, 1, 0, 1, 1, 1, 0));
    assertThat(ReportText.summary(all))
        .isEqualTo("recognised 2 of 3 hang programs, clean 1 of 2 controls");
  }

  @Test
  void theTextShowsEveryRowTheTotalsAndWhatDidNotRun() {
    String text = ReportText.render(report());

    assertThat(text)
        .contains("took 12 min 34 s, 2 program(s) at a time")
        .containsPattern("exit-map +3.11 +interpreter-exit +10/10 +0 +0 +10/10 +- +yes")
        .containsPattern(
            "exit-map +3.14 +interpreter-exit +9/10 +0 +1 +9/10 +- +yes +no hang found")
        .containsPattern("busy-poll +3.11 +cpu-spin +3/10 +0 +7 +- +- +no +no hang found")
        .containsPattern("idle-server +3.14 +healthy-idle-server +2/10 +no +cpu-spin HIGH in PID 9")
        .contains("  interpreter-exit    recognised 2 of 2 hang programs")
        .contains("  3.11    recognised 1 of 2 hang programs, clean 1 of 1 controls")
        .contains(
            "on every runtime they ran on: 1 of 2 hang programs recognised, 0 of 1 controls clean")
        .contains("SKIPPED (1)\n  busy-poll on 3.14: no 3.14 wheel (case.json skip)")
        .contains("CORPUS FAILURES (1)")
        .contains("  never-starts on 3.11: did not start: start exited with 3");
  }

  @Test
  void theJsonHasEveryWindowAndTheTotals(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/accuracy.json");
    ReportJson.write(report(), file);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("results")).hasSize(7);
    JsonNode first = json.get("results").get(0);
    assertThat(first.get("case").asText()).isEqualTo("exit-map");
    assertThat(first.get("hits").asInt()).isEqualTo(10);
    assertThat(first.get("recognised").asBoolean()).isTrue();
    assertThat(first.get("windows")).hasSize(10);
    assertThat(first.at("/windows/0/outcome").asText()).isEqualTo("hit");
    assertThat(json.at("/results/3/status").asText()).isEqualTo("skipped");
    assertThat(json.at("/results/6/status").asText()).isEqualTo("corpus-failure");
    assertThat(json.at("/totals/overall/recognised").asInt()).isEqualTo(2);
    assertThat(json.at("/totals/byClass/healthy-idle-server/clean").asInt()).isEqualTo(1);
    try (var left = Files.list(file.getParent())) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void expectationsRecordWhatTheRunShowedAndKeepWhatWasNotMeasured(@TempDir Path dir)
      throws Exception {
    Expectations before =
        new Expectations(
            Map.of("3.11", Set.of("busy-poll", "gone"), "3.13", Set.of("exit-map")),
            Map.of("3.11", Set.of("idle-server"), "3.12", Set.of("idle-server")));

    Expectations after = before.updatedWith(report());
    Path file = dir.resolve("expected.json");
    after.write(file);

    assertThat(Expectations.read(file)).isEqualTo(after);
    assertThat(after.recognised())
        .isEqualTo(Map.of("3.11", Set.of("exit-map", "gone"), "3.13", Set.of("exit-map")));
    assertThat(after.falseAlarms())
        .as("clean on 3.11 now, still alarming on 3.14, not measured on 3.12")
        .isEqualTo(Map.of("3.12", Set.of("idle-server"), "3.14", Set.of("idle-server")));
    assertThat(Files.readString(file)).contains("\"about\"");
    assertThat(Expectations.read(dir.resolve("missing.json"))).isEqualTo(Expectations.none());
  }

  @Test
  void theCheckFailsOnAListedMissANewFalseAlarmACorpusFailureAndAStaleEntry() {
    CorpusCase broken = hang("broken-rule", "pipe", null);
    Expectations expected =
        new Expectations(
            Map.of(
                "3.11", Set.of("exit-map", "busy-poll", "broken-rule"),
                "3.14", Set.of("exit-map"),
                "3.13", Set.of("exit-map"),
                "3.12", Set.of("retired-case")),
            Map.of());

    ExpectationCheck check =
        ExpectationCheck.of(
            report(List.of(measured(broken, PY311, hits(0, 3)))),
            expected,
            Set.of("exit-map", "busy-poll", "idle-server", "never-starts", "broken-rule"));

    assertThat(check.passed()).isFalse();
    assertThat(check.slipped())
        .as("a listed program hit in some windows is shown, not failed")
        .containsExactlyInAnyOrder(
            "exit-map on 3.14: listed in expected.json as recognised, now 9 of 10 windows hit;"
                + " led instead: no hang found",
            "busy-poll on 3.11: listed in expected.json as recognised, now 3 of 10 windows hit;"
                + " led instead: no hang found");
    assertThat(check.failures())
        .containsExactlyInAnyOrder(
            "broken-rule on 3.11: listed in expected.json as recognised, now 0 of 3 windows hit;"
                + " led instead: no hang found",
            "idle-server on 3.14: control raised a false alarm in 2 of 10 windows: cpu-spin HIGH"
                + " in PID 9",
            "never-starts on 3.11: corpus failure: did not start: start exited with 3 before"
                + " HANGDOCTOR-READY",
            "expected.json lists 1 program(s) recognised on 3.13, which was not found on this"
                + " machine (.ci/run installs it)",
            "expected.json lists retired-case on 3.12, which is not a corpus case (rerun"
                + " bench/accuracy --write-expected)");
    assertThat(check.improvements()).isEmpty();
    assertThat(check.render())
        .contains("EXPECTATIONS FAILED (5)")
        .contains("MISSED IN SOME WINDOWS (2)");
  }

  @Test
  void aKnownFalseAlarmIsListedNotFailedAndImprovementsAreNamed() {
    Expectations expected =
        new Expectations(
            Map.of(), Map.of("3.14", Set.of("idle-server"), "3.11", Set.of("idle-server")));

    ExpectationCheck check =
        ExpectationCheck.of(report(), expected, Set.of("exit-map", "busy-poll", "idle-server"));

    assertThat(check.failures())
        .containsExactly(
            "never-starts on 3.11: corpus failure: did not start: start exited with 3 before"
                + " HANGDOCTOR-READY");
    assertThat(check.knownFalseAlarms())
        .containsExactly(
            "idle-server on 3.14: control raised a false alarm in 2 of 10 windows: cpu-spin HIGH"
                + " in PID 9");
    assertThat(check.improvements())
        .containsExactly(
            "exit-map on 3.11: recognised in every window, not listed",
            "idle-server on 3.11: control clean, listed as a known false alarm");
    assertThat(check.render()).contains("KNOWN FALSE ALARMS (1)").contains("IMPROVEMENTS");
  }

  private static List<WindowScore> hits(int hits, int misses) {
    List<WindowScore> windows = new ArrayList<>();
    for (int i = 0; i < hits; i++) {
      windows.add(new WindowScore(Outcome.HIT, "exit-joins-threads", "", true, false));
    }
    for (int i = 0; i < misses; i++) {
      windows.add(new WindowScore(Outcome.MISS, "no hang found", "", false, false));
    }
    return windows;
  }

  private static List<WindowScore> clean(int clean, int alarms) {
    List<WindowScore> windows = new ArrayList<>();
    for (int i = 0; i < clean; i++) {
      windows.add(new WindowScore(Outcome.CLEAN, "no hang found", "", false, false));
    }
    for (int i = 0; i < alarms; i++) {
      windows.add(
          new WindowScore(Outcome.FALSE_ALARM, "cpu-spin", "cpu-spin HIGH in PID 9", false, false));
    }
    return windows;
  }

  private static CaseResult measured(CorpusCase c, RuntimeUnderTest r, List<WindowScore> w) {
    return new CaseResult(c, r, CaseResult.Status.MEASURED, "", 9, w, Duration.ofSeconds(20));
  }

  private static RuntimeUnderTest python(String label) {
    return new RuntimeUnderTest(
        CaseRuntime.PYTHON,
        label,
        "CPython " + label + ".0",
        Path.of("/usr/bin/python" + label),
        Optional.empty(),
        Set.of());
  }

  private static CorpusCase hang(String id, String caseClass, String call) {
    return new CorpusCase(
        id,
        Path.of("/corpus/hangs", id),
        CaseKind.HANG,
        caseClass,
        CaseRuntime.PYTHON,
        List.of(),
        Map.of(),
        false,
        "",
        new Truth(
            List.of("x"),
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.ofNullable(call),
            List.of()));
  }

  private static CorpusCase control(String id) {
    return new CorpusCase(
        id,
        Path.of("/corpus/controls", id),
        CaseKind.CONTROL,
        "healthy-idle-server",
        CaseRuntime.PYTHON,
        List.of(),
        Map.of(),
        false,
        "",
        Truth.none());
  }
}
