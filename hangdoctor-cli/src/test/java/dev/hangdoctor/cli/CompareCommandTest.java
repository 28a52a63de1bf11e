package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.runner.compare.Conclusion;
import org.junit.jupiter.api.Test;

/**
 * {@code compare} and {@code bisect} refuse bad arguments with one line and exit 2, before any run.
 */
class CompareCommandTest {
  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).startsWith("hangdoctor: " + message).doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badArgumentsAreOneLineAndExit2() {
    assertUsage(
        CliRun.of("compare", "true"),
        "put -- before the command: hangdoctor compare [OPTIONS] -- CMD [ARGS...]");
    assertUsage(CliRun.of("compare", "--"), "no command after --");
    assertUsage(CliRun.of("compare", "--runs", "0", "--", "true"), "--runs must be at least 1");
    assertUsage(
        CliRun.of("compare", "--alpha", "1.5", "--", "true"), "--alpha must be between 0 and 1");
    assertUsage(
        CliRun.of("compare", "--timeout", "0", "--", "true"),
        "--timeout must be positive: a run without a deadline is not hang-proof");
    assertUsage(
        CliRun.of("compare", "--until-decided", "--runs", "20", "--max-runs", "10", "--", "true"),
        "--max-runs (10) must be at least --runs (20)");
    assertUsage(
        CliRun.of("compare", "--baseline", "no-such-revision-anywhere", "--", "true"),
        "no commit named 'no-such-revision-anywhere'");
    assertUsage(
        CliRun.of("bisect", "--good", "no-such-revision-anywhere", "--", "true"),
        "no commit named 'no-such-revision-anywhere'");
    assertThat(CliRun.of("bisect", "--", "true").exitCode()).isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void eachConclusionHasItsOwnExitStatus() {
    assertThat(CompareCommand.exitCode(Conclusion.REGRESSION)).isEqualTo(ExitCode.HANG_FOUND);
    assertThat(CompareCommand.exitCode(Conclusion.FIXED)).isEqualTo(ExitCode.OK);
    assertThat(CompareCommand.exitCode(Conclusion.PRE_EXISTING)).isEqualTo(ExitCode.PRE_EXISTING);
    assertThat(CompareCommand.exitCode(Conclusion.INCONCLUSIVE)).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(CompareCommand.exitCode(Conclusion.NOT_REPRODUCED))
        .isEqualTo(ExitCode.NOT_REPRODUCED);
  }
}
