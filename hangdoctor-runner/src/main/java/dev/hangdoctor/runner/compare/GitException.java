package dev.hangdoctor.runner.compare;

/**
 * A git command failed, with git's own first line of complaint; {@link #missing()} when git itself
 * could not be started.
 */
public final class GitException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean missing;

  GitException(String message, boolean missing) {
    super(message);
    this.missing = missing;
  }

  /** True when the {@code git} program was not found. */
  public boolean missing() {
    return missing;
  }
}
