package dev.hangdoctor.probe;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations the way probe lines show them: {@code 0.4ms}, {@code 182ms}, {@code 1.5s}, {@code 2s}.
 */
public final class Durations {
  private Durations() {}

  /** A measured time, to a tenth of a millisecond below 10 ms. */
  public static String measured(Duration duration) {
    double millis = duration.toNanos() / 1e6;
    if (millis < 10) {
      return String.format(Locale.ROOT, "%.1fms", millis);
    }
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.0fms", millis);
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000);
  }

  /** A setting such as a timeout: {@code 500 ms}, {@code 1 s}, {@code 1.5 s}. */
  public static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0
        ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
