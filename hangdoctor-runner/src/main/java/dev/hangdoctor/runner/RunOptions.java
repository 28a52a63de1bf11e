package dev.hangdoctor.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code hangdoctor run} was asked to do. No deadline is set by default (like running the
 * command bare); {@code timeout} bounds the whole attempt, {@code quietTimeout} the silence between
 * two writes to stdout or stderr; {@code directory} is where it runs (hangdoctor's own by default).
 * {@code retries} re-runs after a hang; {@code repeat} runs a fixed number of times whatever
 * happens, for a flake rate. The two do not combine.
 */
public record RunOptions(
    List<String> command,
    Optional<Duration> timeout,
    Optional<Duration> quietTimeout,
    Duration killAfter,
    int retries,
    int repeat,
    Optional<Path> reportDir,
    Optional<Path> directory) {

  /** How long the tree gets between SIGTERM and SIGKILL unless told otherwise. */
  public static final Duration DEFAULT_KILL_AFTER = Duration.ofSeconds(5);

  /**
   * @throws IllegalArgumentException with a one-line reason for options that make no sense
   */
  public RunOptions {
    command = List.copyOf(command);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(quietTimeout, "quietTimeout");
    Objects.requireNonNull(reportDir, "reportDir");
    Objects.requireNonNull(directory, "directory");
    if (command.isEmpty() || command.get(0).isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    timeout.ifPresent(d -> requirePositive("--timeout", d));
    quietTimeout.ifPresent(d -> requirePositive("--quiet-timeout", d));
    if (killAfter.isNegative()) {
      throw new IllegalArgumentException("--kill-after must not be negative, got " + killAfter);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must not be negative, got " + retries);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    if (retries > 0 && repeat > 1) {
      throw new IllegalArgumentException(
          "--retries and --repeat do not combine: --repeat runs every attempt anyway");
    }
  }

  /** Options with only a command and defaults for everything else. */
  public static RunOptions of(List<String> command) {
    return new RunOptions(
        command,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_KILL_AFTER,
        0,
        1,
        Optional.empty(),
        Optional.empty());
  }

  public RunOptions withTimeout(Duration value) {
    return new RunOptions(
        command,
        Optional.of(value),
        quietTimeout,
        killAfter,
        retries,
        repeat,
        reportDir,
        directory);
  }

  public RunOptions withQuietTimeout(Duration value) {
    return new RunOptions(
        command, timeout, Optional.of(value), killAfter, retries, repeat, reportDir, directory);
  }

  public RunOptions withKillAfter(Duration value) {
    return new RunOptions(
        command, timeout, quietTimeout, value, retries, repeat, reportDir, directory);
  }

  public RunOptions withRetries(int value) {
    return new RunOptions(
        command, timeout, quietTimeout, killAfter, value, repeat, reportDir, directory);
  }

  public RunOptions withRepeat(int value) {
    return new RunOptions(
        command, timeout, quietTimeout, killAfter, retries, value, reportDir, directory);
  }

  public RunOptions withReportDir(Path value) {
    return new RunOptions(
        command, timeout, quietTimeout, killAfter, retries, repeat, Optional.of(value), directory);
  }

  /** The command runs in {@code value} instead of hangdoctor's working directory. */
  public RunOptions withDirectory(Path value) {
    return new RunOptions(
        command, timeout, quietTimeout, killAfter, retries, repeat, reportDir, Optional.of(value));
  }

  /** True when every attempt runs regardless of outcome (a flake table is wanted). */
  public boolean repeating() {
    return repeat > 1;
  }

  /** The most attempts this run can make. */
  public int maxAttempts() {
    return repeating() ? repeat : retries + 1;
  }

  private static void requirePositive(String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, got " + value);
    }
  }
}
