package dev.hangdoctor.runner.compare;

/**
 * Fisher's exact test on a 2×2 table: {@code bad1} of {@code n1} runs failed on one side, {@code
 * bad2} of {@code n2} on the other. Conditional on the total number of failures, the count on side
 * one is hypergeometric under "same rate"; the p-value sums the probabilities of the tables at
 * least as extreme. Exact at any count (no normal approximation), which matters at the 10 to 50
 * runs a comparison affords, and conservative: it errs towards "inconclusive", never towards
 * blaming a change.
 */
public final class FisherExact {
  /** Relative tolerance when comparing table probabilities, as R's {@code fisher.test} uses. */
  private static final double TIES = 1 + 1e-7;

  private FisherExact() {}

  /** Two-sided p-value: the tables no more probable than the observed one. */
  public static double twoSided(int bad1, int n1, int bad2, int n2) {
    Table table = new Table(bad1, n1, bad2, n2);
    double observed = table.probability(bad1);
    double sum = 0;
    for (int x = table.low(); x <= table.high(); x++) {
      double p = table.probability(x);
      if (p <= observed * TIES) {
        sum += p;
      }
    }
    return Math.min(1, sum);
  }

  /** One-sided p-value for "side one fails more often": tables with at least {@code bad1}. */
  public static double greater(int bad1, int n1, int bad2, int n2) {
    Table table = new Table(bad1, n1, bad2, n2);
    double sum = 0;
    for (int x = bad1; x <= table.high(); x++) {
      sum += table.probability(x);
    }
    return Math.min(1, sum);
  }

  /** One-sided p-value for "side one fails less often": tables with at most {@code bad1}. */
  public static double less(int bad1, int n1, int bad2, int n2) {
    return greater(bad2, n2, bad1, n1);
  }

  /** The hypergeometric distribution of side one's failures given the margins. */
  private static final class Table {
    private final int n1;
    private final int n2;
    private final int bad;

    Table(int bad1, int n1, int bad2, int n2) {
      if (n1 < 0 || n2 < 0 || bad1 < 0 || bad2 < 0 || bad1 > n1 || bad2 > n2) {
        throw new IllegalArgumentException(
            "not a 2x2 table: " + bad1 + "/" + n1 + " and " + bad2 + "/" + n2);
      }
      this.n1 = n1;
      this.n2 = n2;
      this.bad = bad1 + bad2;
    }

    int low() {
      return Math.max(0, bad - n2);
    }

    int high() {
      return Math.min(bad, n1);
    }

    double probability(int x) {
      if (x < low() || x > high()) {
        return 0;
      }
      return Math.exp(logChoose(n1, x) + logChoose(n2, bad - x) - logChoose(n1 + n2, bad));
    }
  }

  static double logChoose(int n, int k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  }

  /** log(n!) for the table sizes comparisons reach, computed once. */
  private static final double[] LOG_FACTORIALS = logFactorials(4096);

  private static double logFactorial(int n) {
    if (n < LOG_FACTORIALS.length) {
      return LOG_FACTORIALS[n];
    }
    double sum = LOG_FACTORIALS[LOG_FACTORIALS.length - 1];
    for (int i = LOG_FACTORIALS.length; i <= n; i++) {
      sum += Math.log(i);
    }
    return sum;
  }

  private static double[] logFactorials(int size) {
    double[] table = new double[size];
    for (int i = 2; i < size; i++) {
      table[i] = table[i - 1] + Math.log(i);
    }
    return table;
  }
}
