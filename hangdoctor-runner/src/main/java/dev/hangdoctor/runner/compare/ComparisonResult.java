package dev.hangdoctor.runner.compare;

import dev.hangdoctor.runner.AttemptResult;
import java.util.List;

/**
 * What a comparison ran and decided: every run of each side, the decision on them, the plan, and
 * whether the user interrupted it (its decision then covers the runs made).
 */
public record ComparisonResult(
    Plan plan,
    Decision decision,
    List<AttemptResult> current,
    List<AttemptResult> baseline,
    boolean interrupted) {
  public ComparisonResult {
    current = List.copyOf(current);
    baseline = List.copyOf(baseline);
  }

  public List<AttemptResult> runs(Side side) {
    return side == Side.CURRENT ? current : baseline;
  }
}
