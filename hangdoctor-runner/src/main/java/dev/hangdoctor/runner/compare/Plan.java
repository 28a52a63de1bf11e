package dev.hangdoctor.runner.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How many runs a comparison makes and the level its test is held to. A fixed plan runs {@code
 * runs} per side and tests once at {@code alpha}. A sequential plan ({@code --until-decided}) runs
 * batches of {@code runs} per side up to {@code maxRuns} per side and tests after each batch; each
 * of those K looks is held to alpha/K (Bonferroni), so the chance that any look wrongly declares a
 * regression or a fix stays at most alpha however many looks are taken. That is what makes stopping
 * at the first decisive look safe; testing at alpha after every batch would not be (with 10 looks
 * the false alarm rate of such repeated testing approaches 20 % at alpha = 5 %).
 */
public record Plan(int runs, double alpha, boolean untilDecided, int maxRuns) {
  public Plan {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("--alpha must be between 0 and 1, got " + alpha);
    }
    if (untilDecided && maxRuns < runs) {
      throw new IllegalArgumentException(
          "--max-runs (" + maxRuns + ") must be at least --runs (" + runs + ")");
    }
  }

  public static Plan fixed(int runs, double alpha) {
    return new Plan(runs, alpha, false, runs);
  }

  /** How many times the test is applied: 1, or one look per batch. */
  public int looks() {
    return untilDecided ? (maxRuns + runs - 1) / runs : 1;
  }

  /** The most runs per side. */
  public int mostRuns() {
    return untilDecided ? looks() * runs : runs;
  }

  /** The level each look is held to. */
  public double alphaPerLook() {
    return alpha / looks();
  }

  /** One line saying how the decision is made, for the report. */
  public String describe() {
    if (!untilDecided) {
      return String.format(
          Locale.ROOT,
          "Fisher's exact test, two-sided, at alpha = %s after %d runs per side",
          alpha,
          runs);
    }
    return String.format(
        Locale.ROOT,
        "sequential: Fisher's exact test after each batch of %d runs per side, at most %d looks"
            + " (%d runs per side), each at alpha/%d = %s (Bonferroni: a false regression or fix"
            + " at most %s over all looks)",
        runs,
        looks(),
        mostRuns(),
        looks(),
        new BigDecimal(alphaPerLook())
            .round(new MathContext(3))
            .stripTrailingZeros()
            .toPlainString(),
        alpha);
  }
}
