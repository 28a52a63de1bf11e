package dev.hangdoctor.runner.compare;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * A comparison's decision: the conclusion, the two-sided p-value of Fisher's exact test on the
 * failure rates, the significance level it was held to, and for an undecided difference how many
 * runs per side in all would decide it if the rates seen so far held.
 */
public record Decision(
    Conclusion conclusion,
    double pValue,
    double alpha,
    Tally current,
    Tally baseline,
    OptionalInt runsPerSideToDecide) {

  /** The conclusion line: "regression: ..." with the reason, in words and figures. */
  public String line() {
    String rates =
        percent(current.badRate())
            + " of current runs failed or hung, "
            + percent(baseline.badRate())
            + " of baseline runs";
    String test = String.format(Locale.ROOT, "p = %s", p(pValue));
    switch (conclusion) {
      case REGRESSION:
        return "regression: worse with the change (" + rates + "; " + test + " < " + alpha + ")";
      case FIXED:
        return "fixed: better with the change (" + rates + "; " + test + " < " + alpha + ")";
      case PRE_EXISTING:
        return "pre-existing: fails the same way without the change ("
            + rates
            + "; "
            + test
            + ")"
            + (current.badRate() > baseline.badRate() && runsPerSideToDecide.isPresent()
                ? "; whether the change makes it more frequent would take about "
                    + runsPerSideToDecide.getAsInt()
                    + " runs per side"
                : "");
      case NOT_REPRODUCED:
        return "not-reproduced: no run failed or hung on either side ("
            + current.runs()
            + " + "
            + baseline.runs()
            + " runs); a failure rarer than "
            + percent(current.badInterval().high())
            + " would not show";
      default:
        return "inconclusive: "
            + rates
            + " ("
            + test
            + ")"
            + (runsPerSideToDecide.isPresent()
                ? "; about "
                    + runsPerSideToDecide.getAsInt()
                    + " runs per side would decide it if these rates hold (--runs "
                    + runsPerSideToDecide.getAsInt()
                    + ", or --until-decided)"
                : "; the rates look alike: more runs will not tell them apart");
    }
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * rate);
  }

  static String p(double value) {
    return value < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", value);
  }
}
