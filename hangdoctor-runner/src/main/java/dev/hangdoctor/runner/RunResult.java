package dev.hangdoctor.runner;

import java.util.List;

/**
 * Every attempt of a run and the exit status hangdoctor ends with. Without {@code --repeat} that is
 * the last attempt's status (the command's own, 124 hung, 126/127 not started, 130 interrupted);
 * with it, 130 if interrupted, else 124 if any attempt hung, else the first non-zero status, else
 * 0.
 */
public record RunResult(List<AttemptResult> attempts, int exitStatus) {
  public RunResult {
    attempts = List.copyOf(attempts);
  }

  static RunResult of(List<AttemptResult> attempts, boolean repeating) {
    AttemptResult last = attempts.get(attempts.size() - 1);
    if (!repeating || last.outcome() == Outcome.INTERRUPTED) {
      return new RunResult(attempts, last.exitStatus());
    }
    if (attempts.stream().anyMatch(a -> a.outcome() == Outcome.HUNG)) {
      return new RunResult(attempts, AttemptResult.HUNG_STATUS);
    }
    int status =
        attempts.stream()
            .mapToInt(AttemptResult::exitStatus)
            .filter(s -> s != 0)
            .findFirst()
            .orElse(0);
    return new RunResult(attempts, status);
  }
}
