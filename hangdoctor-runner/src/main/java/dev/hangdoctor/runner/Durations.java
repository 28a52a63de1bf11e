package dev.hangdoctor.runner;

import java.time.Duration;
import java.util.Locale;

/** Durations as the runner's status lines and reports write them: seconds with one decimal. */
public final class Durations {
  private Durations() {}

  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static Duration between(long startNanos, long endNanos) {
    return Duration.ofNanos(endNanos - startNanos);
  }
}
