package dev.hangdoctor.diagnosis;

import java.time.Duration;

/**
 * How many snapshots to take and how far apart. The default, three samples half a second apart,
 * spans one second: enough to tell a thread stuck in one wait from one that keeps moving.
 */
public record SamplingPlan(int samples, Duration interval) {
  public static final SamplingPlan DEFAULT = new SamplingPlan(3, Duration.ofMillis(500));
  public static final int MAX_SAMPLES = 1000;

  public SamplingPlan {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "samples must be between 1 and " + MAX_SAMPLES + ", got " + samples);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
  }

  public Duration window() {
    return interval.multipliedBy(samples - 1L);
  }
}
