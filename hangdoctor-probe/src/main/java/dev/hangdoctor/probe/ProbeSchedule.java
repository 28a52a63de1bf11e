package dev.hangdoctor.probe;

import java.time.Duration;

/**
 * How many probes run at once ({@code parallel}) and when all of them must be done ({@code
 * deadline}, from the start of the run): a probe still running then is cut off as a timeout, and a
 * URL whose turn had not come is {@link ProbeOutcome#SKIPPED}.
 */
public record ProbeSchedule(int parallel, Duration deadline) {
  public static final int DEFAULT_PARALLEL = 16;
  public static final int MAX_PARALLEL = 256;
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  public static final ProbeSchedule DEFAULT = new ProbeSchedule(DEFAULT_PARALLEL, DEFAULT_DEADLINE);

  public ProbeSchedule {
    if (parallel < 1 || parallel > MAX_PARALLEL) {
      throw new IllegalArgumentException(
          "--parallel must be from 1 to " + MAX_PARALLEL + ", got " + parallel);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException(
          "--deadline must be more than 0, got " + Durations.human(deadline));
    }
  }
}
