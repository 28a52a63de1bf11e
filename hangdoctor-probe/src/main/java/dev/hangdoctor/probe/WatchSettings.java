package dev.hangdoctor.probe;

import java.time.Duration;

/**
 * How a watch runs: a check starts every {@code interval} (at once if the last one took longer),
 * {@code failures} failed checks in a row make an incident, at most {@code maxBundles} bundles are
 * kept, and {@code maxChecks} (0: no limit) ends the watch after that many checks.
 */
public record WatchSettings(Duration interval, int failures, int maxBundles, long maxChecks) {
  public WatchSettings {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    if (maxBundles < 1) {
      throw new IllegalArgumentException("max bundles must be at least 1, got " + maxBundles);
    }
    if (maxChecks < 0) {
      throw new IllegalArgumentException("max checks must not be negative, got " + maxChecks);
    }
  }
}
