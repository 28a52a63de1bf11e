package dev.hangdoctor.runner;

/**
 * Where the runner reports while it works; the command line prints these to stderr, so the
 * command's own stdout stays intact.
 */
public interface RunEvents {
  /** One status line, without a prefix or a newline. */
  void status(String line);

  /**
   * The text diagnosis of a hang, when no report directory was given to keep it in: it is the only
   * copy of the evidence, so it must be shown before the tree is killed.
   */
  void diagnosis(String text);
}
