package dev.hangdoctor.accuracy.score;

/**
 * How one window scored (corpus/README.md, "Scoring, per window"). Hangs score {@link #HIT}, {@link
 * #PARTIAL} or {@link #MISS}; controls {@link #CLEAN} or {@link #FALSE_ALARM}; a window whose
 * diagnosis could not be read at all is an {@link #ERROR} for either.
 */
public enum Outcome {
  HIT,
  PARTIAL,
  MISS,
  CLEAN,
  FALSE_ALARM,
  ERROR
}
