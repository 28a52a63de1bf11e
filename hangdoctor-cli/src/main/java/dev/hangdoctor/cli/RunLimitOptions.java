package dev.hangdoctor.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The deadline every run of {@code compare} and {@code bisect} gets: {@code --timeout} (a run
 * longer than it is a hang) and {@code --kill-after}. One definition, so both verbs read and
 * document them alike.
 */
final class RunLimitOptions {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "A run longer than this is a hang: diagnosed, then killed (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--kill-after",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "After SIGTERM, wait this long before SIGKILL (default: ${DEFAULT-VALUE}).")
  Duration killAfter;

  /** {@code --timeout}, refused unless positive: a run without a deadline is not hang-proof. */
  Duration deadline() {
    return CompareArguments.positive(timeout, "--timeout");
  }
}
