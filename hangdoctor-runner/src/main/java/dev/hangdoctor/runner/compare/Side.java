package dev.hangdoctor.runner.compare;

/** The two trees a comparison runs the command in. */
public enum Side {
  /** The working tree as it is, uncommitted and untracked changes included. */
  CURRENT("current"),
  /** A temporary worktree at the baseline revision (or the current tree with paths reverted). */
  BASELINE("baseline");

  private final String label;

  Side(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
