package dev.hangdoctor.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flake table of a repeated run: one row per attempt (outcome, exit status, duration, and for a
 * hang its top verdict), then the pass, fail and hang rates.
 */
public final class FlakeTable {
  private FlakeTable() {}

  /** The table as lines, without a trailing newline on the last. */
  public static List<String> render(List<AttemptResult> attempts) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-8s %-11s %4s %9s  %s",
            "ATTEMPT",
            "OUTCOME",
            "EXIT",
            "DURATION",
            "VERDICT"));
    for (AttemptResult attempt : attempts) {
      lines.add(
          String.format(
                  Locale.ROOT,
                  "%-8d %-11s %4d %9s  %s",
                  attempt.number(),
                  attempt.outcome().label(),
                  attempt.exitStatus(),
                  Durations.seconds(attempt.duration()),
                  attempt.verdict().orElse(""))
              .stripTrailing());
    }
    int total = attempts.size();
    lines.add(
        String.format(
            Locale.ROOT,
            "%d runs: %s passed, %s failed, %s hung",
            total,
            rate(attempts, Outcome.PASSED),
            rate(attempts, Outcome.FAILED),
            rate(attempts, Outcome.HUNG)));
    return lines;
  }

  private static String rate(List<AttemptResult> attempts, Outcome outcome) {
    long n = attempts.stream().filter(a -> a.outcome() == outcome).count();
    return String.format(Locale.ROOT, "%d (%.0f%%)", n, 100.0 * n / attempts.size());
  }
}
