package dev.hangdoctor.cli;

/**
 * A failure the user can act on: carries the one-line message to print and the exit code. Thrown by
 * verbs, turned into output by {@link Main} alone.
 */
public final class HangdoctorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public HangdoctorException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
