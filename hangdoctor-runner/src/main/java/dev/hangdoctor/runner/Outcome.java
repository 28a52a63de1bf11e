package dev.hangdoctor.runner;

/** How one attempt ended. */
public enum Outcome {
  /** The command exited with status 0. */
  PASSED("passed"),
  /** The command exited with another status, or a signal ended it. */
  FAILED("failed"),
  /** A deadline passed: the tree was diagnosed, then killed. */
  HUNG("hung"),
  /** The command could not be started (not found, not executable). */
  NOT_STARTED("not started"),
  /** The user interrupted the run twice; the tree was killed. */
  INTERRUPTED("interrupted");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
