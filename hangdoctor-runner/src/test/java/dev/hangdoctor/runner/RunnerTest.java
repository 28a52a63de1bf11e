package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on real commands: pass-through, exit codes, escaped descendants, silence. */
class RunnerTest {
  private static String python() {
    return Tool.PYTHON3.require(Interpreters.python3()).toString();
  }

  @Test
  void aCommandThatFinishesKeepsItsExitStatusAndOutput() throws Exception {
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(List.of("sh", "-c", "printf 'one\\ntwo\\0three'; exit 3"))
                .withTimeout(Duration.ofSeconds(30)));

    assertThat(result.exitStatus()).isEqualTo(3);
    assertThat(result.attempts())
        .singleElement()
        .extracting(AttemptResult::outcome)
        .isEqualTo(Outcome.FAILED);
    assertThat(runs.out.toByteArray()).isEqualTo("one\ntwo\0three".getBytes());
    assertThat(runs.statusLines).isEmpty();
  }

  @Test
  void aCommandKilledBySignalReports128PlusTheSignal() throws Exception {
    RunResult result = new Runs().run(RunOptions.of(List.of("sh", "-c", "kill -TERM $$")));

    assertThat(result.exitStatus()).isEqualTo(128 + 15);
  }

  @Test
  void aMissingCommandIs127AndANonExecutableOne126(@TempDir Path tmp) throws Exception {
    Path script = tmp.resolve("not-executable.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    Runs runs = new Runs();

    assertThat(runs.run(RunOptions.of(List.of("no-such-program-hangdoctor"))).exitStatus())
        .isEqualTo(127);
    assertThat(runs.run(RunOptions.of(List.of(script.toString()))).exitStatus()).isEqualTo(126);
    assertThat(runs.run(RunOptions.of(List.of(tmp.toString()))).exitStatus()).isEqualTo(126);
    assertThat(runs.status())
        .contains("no-such-program-hangdoctor: command not found")
        .contains(script + ": not executable");
  }

  @Test
  void aDoubleForkedSleeperInItsOwnSessionIsFoundAndKilled(@TempDir Path tmp) throws Exception {
    Path reports = tmp.resolve("reports");
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            // the deadline gives sh time to fork the sleeper away even on a loaded machine
            RunOptions.of(List.of("sh", "-c", "(setsid sleep 300 &); echo forked; exec sleep 300"))
                .withTimeout(Duration.ofSeconds(5))
                .withKillAfter(Duration.ofSeconds(1))
                .withReportDir(reports));

    AttemptResult attempt = result.attempts().get(0);
    assertThat(result.exitStatus()).isEqualTo(124);
    assertThat(attempt.escapedPids())
        .as("the re-parented sleeper was found by the marker, not in the tree: " + runs.status())
        .hasSize(1);
    long escaped = attempt.escapedPids().get(0);
    assertThat(reports.resolve("attempt-1/escaped-" + escaped + ".json")).exists();
    assertThat(Files.readString(reports.resolve("attempt-1/summary.txt")))
        .contains("outside the command's tree (found by HANGDOCTOR_RUN): " + escaped);
    assertThat(attempt.survivors()).isEmpty();
    assertThat(MarkerOracle.carriers(attempt.markerId())).as("survivors").isEmpty();
  }

  @Test
  void aCommandThatGoesSilentHitsTheQuietTimeout() throws Exception {
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(
                    List.of(
                        python(),
                        "-c",
                        "import time\nprint('working', flush=True)\ntime.sleep(300)"))
                .withQuietTimeout(Duration.ofSeconds(2))
                .withTimeout(Duration.ofSeconds(60))
                .withKillAfter(Duration.ofSeconds(1)));

    assertThat(result.exitStatus()).isEqualTo(124);
    AttemptResult.Hang hang = result.attempts().get(0).hang().orElseThrow();
    assertThat(hang.kind()).isEqualTo(HangKind.QUIET);
    assertThat(hang.after()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(runs.out()).isEqualTo("working\n");
    assertThat(runs.status()).contains("printed nothing for 2.0 s; diagnosing");
    assertThat(runs.shownDiagnoses).as("without --report the evidence is shown").isNotEmpty();
    assertThat(MarkerOracle.carriers(result.attempts().get(0).markerId())).isEmpty();
  }

  @Test
  void aCommandThatKeepsPrintingIsNotQuiet() throws Exception {
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(
                    List.of(
                        python(),
                        "-c",
                        "import time\nfor i in range(6):\n    print(i, flush=True)\n"
                            + "    time.sleep(0.5)"))
                // far above the 0.5 s between lines, so a loaded machine cannot make them late
                .withQuietTimeout(Duration.ofSeconds(30)));

    assertThat(result.exitStatus()).as(runs.status()).isZero();
    assertThat(runs.out()).isEqualTo("0\n1\n2\n3\n4\n5\n");
  }

  @Test
  void retriesRunAgainAfterAHangAndReportEachAttempt() throws Exception {
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(List.of("sleep", "300"))
                .withTimeout(Duration.ofMillis(1500))
                .withKillAfter(Duration.ofSeconds(1))
                .withRetries(1));

    assertThat(result.attempts()).hasSize(2);
    assertThat(result.exitStatus()).isEqualTo(124);
    assertThat(hungAfterSeconds(runs.status(), "attempt 1/2")).isGreaterThanOrEqualTo(1.5);
    assertThat(hungAfterSeconds(runs.status(), "attempt 2/2")).isGreaterThanOrEqualTo(1.5);
    assertThat(runs.status())
        .containsPattern("attempt 1/2: hung after [0-9.]+ s \\(verdict: [^)]+\\)");
  }

  /**
   * When {@code attempt} was declared hung, from its status line: never before its deadline, and as
   * late as a loaded machine makes it (no upper bound is asserted).
   */
  static double hungAfterSeconds(String status, String attempt) {
    Matcher line =
        Pattern.compile(Pattern.quote(attempt) + ": hung after ([0-9.]+) s \\(verdict: ")
            .matcher(status);
    assertThat(line.find()).as(status).isTrue();
    return Double.parseDouble(line.group(1));
  }
}
