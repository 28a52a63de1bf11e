package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.SamplingPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The sampling window of the diagnoses {@code probe} and {@code watch} make: {@code --samples} and
 * {@code --sample-interval} ({@code --interval} is the time between a watch's checks).
 */
public final class WindowOptions {
  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "3",
      description = "Snapshots per diagnosis (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--sample-interval",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Time between a diagnosis's snapshots (default: ${DEFAULT-VALUE}).")
  Duration interval;

  SamplingPlan plan() {
    try {
      return new SamplingPlan(samples, interval);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }
}
