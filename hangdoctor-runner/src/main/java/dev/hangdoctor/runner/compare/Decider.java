package dev.hangdoctor.runner.compare;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Decides a comparison from the two tallies. A run is bad when it failed or hung. Fisher's exact
 * test (two-sided) on current versus baseline bad counts at level {@code alpha}: a significant
 * difference is a regression or a fix. Otherwise: no bad run on either side is "not reproduced"; a
 * bad run on the current side whose failure signature (the same hang verdict, or the same exit
 * status) also shows on the baseline is "pre-existing"; anything else is "inconclusive".
 */
public final class Decider {
  /** Runs per side beyond which {@link #runsToDecide} stops looking. */
  static final int MOST_RUNS_ESTIMATED = 1000;

  private Decider() {}

  public static Decision decide(Tally current, Tally baseline, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("the significance level must be between 0 and 1");
    }
    double p = FisherExact.twoSided(current.bad(), current.runs(), baseline.bad(), baseline.runs());
    Conclusion conclusion;
    if (current.runs() > 0 && baseline.runs() > 0 && p < alpha) {
      conclusion =
          current.badRate() > baseline.badRate() ? Conclusion.REGRESSION : Conclusion.FIXED;
    } else if (current.bad() == 0 && baseline.bad() == 0) {
      conclusion = Conclusion.NOT_REPRODUCED;
    } else if (current.bad() > 0 && sharesASignature(current, baseline)) {
      conclusion = Conclusion.PRE_EXISTING;
    } else {
      conclusion = Conclusion.INCONCLUSIVE;
    }
    OptionalInt more =
        conclusion == Conclusion.INCONCLUSIVE || conclusion == Conclusion.PRE_EXISTING
            ? runsToDecide(current.badRate(), baseline.badRate(), alpha)
            : OptionalInt.empty();
    return new Decision(conclusion, p, alpha, current, baseline, more);
  }

  private static boolean sharesASignature(Tally current, Tally baseline) {
    for (Map.Entry<String, Integer> entry : current.signatures().entrySet()) {
      if (baseline.signatures().containsKey(entry.getKey())) {
        return true;
      }
    }
    return current.signatures().isEmpty() && baseline.bad() > 0;
  }

  /**
   * The fewest runs per side at which bad rates of {@code rate1} and {@code rate2} would differ
   * significantly, or empty when they never would within {@link #MOST_RUNS_ESTIMATED}.
   */
  static OptionalInt runsToDecide(double rate1, double rate2, double alpha) {
    if (Math.abs(rate1 - rate2) < 1e-9) {
      return OptionalInt.empty();
    }
    for (int n = 2; n <= MOST_RUNS_ESTIMATED; n++) {
      int bad1 = (int) Math.round(rate1 * n);
      int bad2 = (int) Math.round(rate2 * n);
      if (FisherExact.twoSided(bad1, n, bad2, n) < alpha) {
        return OptionalInt.of(n);
      }
    }
    return OptionalInt.empty();
  }
}
