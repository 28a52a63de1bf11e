package dev.hangdoctor.accuracy.score;

import static dev.hangdoctor.accuracy.score.Reports.child;
import static dev.hangdoctor.accuracy.score.Reports.finding;
import static dev.hangdoctor.accuracy.score.Reports.frame;
import static dev.hangdoctor.accuracy.score.Reports.process;
import static dev.hangdoctor.accuracy.score.Reports.stack;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.accuracy.corpus.CaseKind;
import dev.hangdoctor.accuracy.corpus.CaseRuntime;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.corpus.Truth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowScorerTest {
  private static final int PID = 100;
  private static final String SCRIPT = "/tmp/corpus-x/mirror_sync.py";
  private static final Truth EXIT_TRUTH =
      new Truth(
          List.of("exit-joins-threads"),
          Optional.empty(),
          List.of("MainThread", "re:fetch_\\d+"),
          List.of("mirror_sync.py:fetch_page", "mirror_sync.py:sync"),
          Optional.of("urlopen"),
          List.of("Exit"));
  private static final CorpusCase HANG = hang(EXIT_TRUTH);
  private static final CorpusCase CONTROL =
      new CorpusCase(
          "idle",
          Path.of("/corpus/controls/idle"),
          CaseKind.CONTROL,
          "healthy-idle-server",
          CaseRuntime.PYTHON,
          List.of(),
          Map.of(),
          false,
          "",
          Truth.none());

  /** A worker fetch_0 (tid 101) in fetch_page called from sync, as the stuck mirror shows. */
  private static ObjectNode mirror() {
    return mirror(PID);
  }

  private static ObjectNode mirror(int pid) {
    return process(
        pid,
        "python3 mirror_sync.py http://127.0.0.1:1",
        stack(
            101,
            frame("/usr/lib/python3.12/socket.py", "SocketIO.readinto", 707),
            frame(SCRIPT, "fetch_page", 20),
            frame(SCRIPT, "sync", 31)));
  }

  private static ObjectNode exitFinding(ObjectNode process, String thread, String fix) {
    return finding(
        process,
        "exit-joins-threads",
        "HIGH",
        101,
        thread,
        List.of(frame(SCRIPT, "fetch_page", 20)),
        "fetch_0 blocked in recvfrom under urlopen",
        "Interpreter exit waits for the pool's workers.",
        fix);
  }

  @Test
  void aLeadingRightFindingOnAnAcceptableThreadWithEveryFrameIsAHit() {
    WindowScore score =
        WindowScorer.score(HANG, PID, exitFinding(mirror(), "fetch_0", "Give urlopen a timeout"));

    assertThat(score.outcome()).isEqualTo(Outcome.HIT);
    assertThat(score.lead()).isEqualTo("exit-joins-threads");
    assertThat(score.detail()).isEmpty();
    assertThat(score.namesCall()).isTrue();
    assertThat(score.explains()).as("'Exit' matches 'exit', ignoring case").isTrue();
  }

  @Test
  void theCallerThatMustChangeMayComeFromTheThreadsWholeStack() {
    ObjectNode report = exitFinding(mirror(), "fetch_0", "");

    assertThat(report.at("/findings/0/keyFrames")).hasSize(1);
    assertThat(WindowScorer.score(HANG, PID, report).outcome()).isEqualTo(Outcome.HIT);
  }

  @Test
  void aThreadNameMustMatchARegularExpressionWhole() {
    WindowScore score = WindowScorer.score(HANG, PID, exitFinding(mirror(), "fetch_0x", ""));

    assertThat(score.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(score.detail()).contains("on thread \"fetch_0x\"");
  }

  @Test
  void aMissingFrameMakesAPartialAndSaysWhichOne() {
    ObjectNode report =
        process(PID, "python3 mirror_sync.py", stack(101, frame(SCRIPT, "fetch_page", 20)));
    exitFinding(report, "fetch_0", "");

    WindowScore score = WindowScorer.score(HANG, PID, report);

    assertThat(score.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(score.detail()).isEqualTo("lacks frames mirror_sync.py:sync");
  }

  @Test
  void aRightFindingBehindAnotherIsAPartialThatNamesTheLead() {
    ObjectNode report = mirror();
    finding(
        report,
        "blocking-network-read",
        "HIGH",
        101,
        "fetch_0",
        List.of(),
        "recvfrom",
        "no timeout",
        "settimeout");
    exitFinding(report, "fetch_0", "");

    WindowScore score = WindowScorer.score(HANG, PID, report);

    assertThat(score.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(score.lead()).isEqualTo("blocking-network-read");
    assertThat(score.detail()).startsWith("not leading (blocking-network-read leads)");
    assertThat(score.namesCall()).as("the right finding names urlopen").isTrue();
  }

  @Test
  void noRightFindingIsAMissWhateverLeads() {
    assertThat(WindowScorer.score(HANG, PID, mirror()))
        .isEqualTo(new WindowScore(Outcome.MISS, "no hang found", "", false, false));

    ObjectNode other =
        finding(mirror(), "cpu-spin", "LOW", 101, "fetch_0", List.of(), "", "", "urlopen");
    WindowScore score = WindowScorer.score(HANG, PID, other);
    assertThat(score.outcome()).isEqualTo(Outcome.MISS);
    assertThat(score.lead()).isEqualTo("cpu-spin");
    assertThat(score.namesCall()).as("only a right finding is scored for the call").isFalse();
  }

  @Test
  void aFindingInTheWrongProcessIsNotAHit() {
    ObjectNode parent = process(PID, "python3 runner.py");
    child(parent, exitFinding(mirror(200), "fetch_0", ""));

    WindowScore notAnnounced = WindowScorer.score(HANG, PID, parent);
    assertThat(notAnnounced.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(notAnnounced.lead()).isEqualTo("exit-joins-threads in PID 200");
    assertThat(notAnnounced.detail()).contains("in PID 200").contains("not PID " + PID);

    CorpusCase inChild =
        hang(
            new Truth(
                EXIT_TRUTH.verdicts(),
                Optional.of("mirror_sync.py"),
                EXIT_TRUTH.threads(),
                EXIT_TRUTH.frames(),
                EXIT_TRUTH.call(),
                EXIT_TRUTH.explanation()));
    assertThat(WindowScorer.score(inChild, PID, parent).outcome()).isEqualTo(Outcome.HIT);
  }

  @Test
  void theDeepestProcessWithFindingsLeads() {
    ObjectNode parent =
        finding(
            process(PID, "python3 runner.py"),
            "waits-on-child",
            "HIGH",
            PID,
            "MainThread",
            List.of(),
            "wait4",
            "",
            "");
    ObjectNode middle = process(150, "sh -c worker");
    child(parent, middle);
    child(middle, exitFinding(mirror(), "fetch_0", ""));

    assertThat(LeadingFinding.of(parent).orElseThrow().process().at("/inspection/pid").asInt())
        .isEqualTo(PID);
    assertThat(WindowScorer.score(HANG, PID, parent).outcome()).isEqualTo(Outcome.HIT);
  }

  @Test
  void aControlIsCleanWithLowFindingsAndAFalseAlarmWithMediumOrHighAnywhere() {
    ObjectNode low = finding(mirror(), "long-lock-wait", "LOW", 101, "t", List.of(), "", "", "");
    WindowScore clean = WindowScorer.score(CONTROL, PID, low);
    assertThat(clean.outcome()).isEqualTo(Outcome.CLEAN);
    assertThat(clean.detail()).startsWith("LOW only: long-lock-wait LOW in PID 100");

    ObjectNode parent = process(PID, "python3 server.py");
    child(
        parent,
        finding(
            process(300, "python3 worker.py"),
            "cpu-spin",
            "MEDIUM",
            301,
            "worker",
            List.of(frame("/srv/worker.py", "loop", 9)),
            "",
            "",
            ""));
    WindowScore alarm = WindowScorer.score(CONTROL, PID, parent);
    assertThat(alarm.outcome()).isEqualTo(Outcome.FALSE_ALARM);
    assertThat(alarm.detail())
        .isEqualTo("cpu-spin MEDIUM in PID 300 on \"worker\" at worker.py:9 (loop)");
  }

  private static CorpusCase hang(Truth truth) {
    return new CorpusCase(
        "exit-map-pending-downloads",
        Path.of("/corpus/hangs/exit-map-pending-downloads"),
        CaseKind.HANG,
        "interpreter-exit",
        CaseRuntime.PYTHON,
        List.of(),
        Map.of(),
        false,
        "",
        truth);
  }
}
