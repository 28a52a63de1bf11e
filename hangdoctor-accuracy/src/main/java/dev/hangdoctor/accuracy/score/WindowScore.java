package dev.hangdoctor.accuracy.score;

/**
 * The score of one window.
 *
 * @param lead what the report's first line named: {@code rule-id} (with {@code in PID n} when not
 *     the announced process), or {@code no hang found}
 * @param detail why a window is not a hit (the missing frames, the wrong thread, the rule that
 *     raised a false alarm, the error), empty for a hit or a clean window
 * @param namesCall the finding scored contains the call the blocking line makes
 * @param explains its explanation or fix contains every expected word
 */
public record WindowScore(
    Outcome outcome, String lead, String detail, boolean namesCall, boolean explains) {

  /** A window whose diagnosis could not be read. */
  public static WindowScore error(String detail) {
    return new WindowScore(Outcome.ERROR, "error", detail, false, false);
  }
}
