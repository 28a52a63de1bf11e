package dev.hangdoctor.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Timings of one measured thing in milliseconds, with the order statistics a report needs. */
final class Samples {
  private final double[] sorted;

  private Samples(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sorted = millis.clone();
    Arrays.sort(sorted);
  }

  static Samples of(List<Double> millis) {
    return new Samples(millis.stream().mapToDouble(Double::doubleValue).toArray());
  }

  int count() {
    return sorted.length;
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  /** The middle value; the mean of the two middle values for an even count. */
  double median() {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile, {@code 0 < p <= 100}. */
  double percentile(double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Milliseconds with two decimals below 10 ms, one above. */
  static String ms(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
  }

  @Override
  public String toString() {
    return Arrays.toString(sorted);
  }
}
