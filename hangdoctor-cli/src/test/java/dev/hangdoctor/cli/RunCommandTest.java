package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.runner.AttemptResult;
import dev.hangdoctor.runner.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s arguments and exit codes, without starting anything that could hang. */
class RunCommandTest {
  @Test
  void badArgumentsAreOneLineAndExit2() {
    assertUsage(CliRun.of("run", "sleep", "1"), "put -- before the command");
    assertUsage(CliRun.of("run", "--timeout", "5s"), "put -- before the command");
    assertUsage(CliRun.of("run", "--"), "no command after --");
    assertUsage(
        CliRun.of("run", "--timeout", "-5s", "--", "true"),
        "Invalid value for option '--timeout': '-5s' is negative");
    assertUsage(
        CliRun.of("run", "--quiet-timeout", "-1", "--", "true"),
        "Invalid value for option '--quiet-timeout': '-1' is negative");
    assertUsage(
        CliRun.of("run", "--kill-after", "-2s", "--", "true"),
        "Invalid value for option '--kill-after': '-2s' is negative");
    assertUsage(CliRun.of("run", "--repeat", "0", "--", "true"), "--repeat must be at least 1");
    assertUsage(
        CliRun.of("run", "--retries", "1", "--repeat", "3", "--", "true"),
        "--retries and --repeat do not combine");
    assertUsage(CliRun.of("run", "--timeout", "soon", "--", "true"), "'soon' is not a duration");
  }

  @Test
  void aReportDirectoryThatIsAFileIsRefusedBeforeTheCommandRuns(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("report"), "not a directory");
    Path ran = dir.resolve("ran");

    CliRun run = CliRun.of("run", "--report", file.toString(), "--", "touch", ran.toString());

    assertUsage(run, "--report " + file + ": exists and is not a directory");
    assertThat(ran).as("the command was not started").doesNotExist();
    assertUsage(
        CliRun.of("run", "--report", file.resolve("sub").toString(), "--", "true"),
        "--report " + file.resolve("sub") + ": " + file + " is not a directory");
  }

  @Test
  void aMissingCommandIs127() {
    CliRun run = CliRun.of("run", "--", "no-such-program-hangdoctor");

    assertThat(run.exitCode()).isEqualTo(ExitCode.COMMAND_NOT_FOUND.code()).isEqualTo(127);
    assertThat(run.err()).isEqualTo("hangdoctor: no-such-program-hangdoctor: command not found\n");
  }

  @Test
  void theRunnersStatusesAreTheExitCodesOfTheEnum() {
    assertThat(RunCommand.exitCode(result(AttemptResult.HUNG_STATUS))).isEqualTo(124);
    assertThat(ExitCode.HUNG.code()).isEqualTo(AttemptResult.HUNG_STATUS);
    assertThat(ExitCode.CANNOT_EXECUTE.code()).isEqualTo(AttemptResult.CANNOT_EXECUTE_STATUS);
    assertThat(ExitCode.COMMAND_NOT_FOUND.code()).isEqualTo(AttemptResult.NOT_FOUND_STATUS);
    assertThat(ExitCode.INTERRUPTED.code()).isEqualTo(AttemptResult.INTERRUPTED_STATUS);
    assertThat(RunCommand.exitCode(result(3))).isEqualTo(3);
    assertThat(RunCommand.exitCode(result(143))).isEqualTo(143);
  }

  @Test
  void exitCodesExplainThePassThrough() {
    assertThat(CliRun.of("exit-codes").out())
        .contains(" 124  run: the command hung")
        .contains("run: otherwise the command's own exit status (128+N when signal N ended it)");
  }

  private static RunResult result(int status) {
    return new RunResult(List.of(), status);
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).startsWith("hangdoctor: ").contains(message);
    assertThat(run.err().strip().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
