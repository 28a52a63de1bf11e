package dev.hangdoctor.runner.compare;

/**
 * The 95 % Wilson score interval of a rate: {@code k} of {@code n} runs. Unlike the textbook "p ±
 * 1.96·√(p(1−p)/n)" it never collapses to [0, 0] at 0 of 10 (it says "up to 28 %"), which is
 * exactly the case a flake comparison meets most.
 */
public record WilsonInterval(double low, double high) {
  /** The 97.5 % quantile of the standard normal distribution. */
  private static final double Z = 1.959963984540054;

  public static WilsonInterval of(int k, int n) {
    if (n <= 0) {
      return new WilsonInterval(0, 1);
    }
    double p = (double) k / n;
    double z2 = Z * Z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new WilsonInterval(
        k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half));
  }
}
