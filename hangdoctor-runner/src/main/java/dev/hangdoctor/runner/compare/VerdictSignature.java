package dev.hangdoctor.runner.compare;

import dev.hangdoctor.runner.AttemptResult;
import dev.hangdoctor.runner.Outcome;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes two bad runs "the same failure" across trees: a hang's verdict without what differs
 * from run to run or tree to tree (process and thread ids, line numbers, which the change may
 * shift, and temporary paths), or a failure's exit status.
 */
public final class VerdictSignature {
  private static final Pattern PIDS =
      Pattern.compile("\\s*\\((?:PID|pid|tid) \\d+\\)|\\b(?:PID|pid|tid) \\d+");
  private static final Pattern LINES = Pattern.compile("(\\.\\w+):\\d+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private VerdictSignature() {}

  /** The signature of a bad run; empty for a passed (or not started, interrupted) one. */
  public static Optional<String> of(AttemptResult run) {
    if (run.outcome() == Outcome.HUNG) {
      return Optional.of("hang: " + ofVerdict(run.verdict().orElse("no verdict")));
    }
    if (run.outcome() == Outcome.FAILED) {
      return Optional.of("exit status " + run.exitStatus());
    }
    return Optional.empty();
  }

  /** A verdict line without run-specific numbers. */
  public static String ofVerdict(String verdict) {
    String text = PIDS.matcher(verdict).replaceAll("");
    text = LINES.matcher(text).replaceAll("$1");
    return SPACES.matcher(text).replaceAll(" ").strip();
  }
}
