package dev.hangdoctor.diagnosis;

/**
 * Hears how a sampling window advances, so a long one (a big tree, many samples) can show progress.
 * Called on the sampling thread after each round.
 */
@FunctionalInterface
public interface SamplingProgress {
  /** Hears nothing. */
  SamplingProgress NONE = (round, rounds, processes) -> {};

  /** Round {@code round} of {@code rounds} took one sample of each of {@code processes}. */
  void sampled(int round, int rounds, int processes);
}
