package dev.hangdoctor.runner.compare;

import java.util.List;
import java.util.Optional;

/**
 * How a bisection ended: the first bad commit with its runs and those of the last good one before
 * it, every step taken, and whether it could not start (the bad revision not shown to be worse than
 * the good one) or was interrupted.
 */
public record BisectResult(
    Optional<String> firstBad,
    Tally firstBadTally,
    Tally goodTally,
    String goodBefore,
    List<Step> steps,
    boolean endpointsDiffer,
    boolean interrupted) {
  public BisectResult {
    steps = List.copyOf(steps);
  }

  /**
   * One commit judged: its tally, how it was classified, the one-sided p-values against the good
   * and the bad side, and whether it stayed undecided after every re-test (then classified by the
   * nearer rate).
   */
  public record Step(
      String commit,
      String title,
      Tally tally,
      boolean bad,
      double pWorseThanGood,
      double pBetterThanBad,
      boolean uncertain) {}

  /** Runs made in all. */
  public int runs() {
    return steps.stream().mapToInt(s -> s.tally().runs()).sum();
  }
}
