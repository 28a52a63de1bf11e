package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.SamplingPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --samples} and {@code --interval}, shared by every verb that watches a process. */
public final class SamplingOptions {
  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "3",
      description = "Snapshots to take (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Time between snapshots (default: ${DEFAULT-VALUE}).")
  Duration interval;

  SamplingPlan plan() {
    try {
      return new SamplingPlan(samples, interval);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }
}
