package dev.hangdoctor.runner.compare;

import dev.hangdoctor.runner.AttemptResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's runs counted: passed, failed (non-zero exit), hung (a deadline passed), and how often
 * each failure signature ({@link VerdictSignature}) was seen. Runs that did not start or were
 * interrupted are not counted: they say nothing about the code.
 */
public record Tally(int passed, int failed, int hung, Map<String, Integer> signatures) {
  public Tally {
    signatures = Map.copyOf(signatures);
  }

  public static Tally of(List<AttemptResult> runs) {
    int passed = 0;
    int failed = 0;
    int hung = 0;
    Map<String, Integer> signatures = new LinkedHashMap<>();
    for (AttemptResult run : runs) {
      switch (run.outcome()) {
        case PASSED:
          passed++;
          break;
        case FAILED:
          failed++;
          break;
        case HUNG:
          hung++;
          break;
        default:
          continue;
      }
      VerdictSignature.of(run).ifPresent(s -> signatures.merge(s, 1, Integer::sum));
    }
    return new Tally(passed, failed, hung, signatures);
  }

  /** A tally from counts alone, without signatures (tests, planning). */
  public static Tally counts(int passed, int failed, int hung) {
    return new Tally(passed, failed, hung, Map.of());
  }

  /** Runs that tell something: passed, failed or hung. */
  public int runs() {
    return passed + failed + hung;
  }

  /** Runs that failed or hung. */
  public int bad() {
    return failed + hung;
  }

  public double badRate() {
    return runs() == 0 ? 0 : (double) bad() / runs();
  }

  public WilsonInterval badInterval() {
    return WilsonInterval.of(bad(), runs());
  }

  /** The signatures, most frequent first. */
  public List<Map.Entry<String, Integer>> signaturesByCount() {
    return signatures.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  /** A tally holding both this one's runs and {@code other}'s. */
  public Tally plus(Tally other) {
    Map<String, Integer> merged = new LinkedHashMap<>(signatures);
    other.signatures.forEach((k, v) -> merged.merge(k, v, Integer::sum));
    return new Tally(passed + other.passed, failed + other.failed, hung + other.hung, merged);
  }
}
