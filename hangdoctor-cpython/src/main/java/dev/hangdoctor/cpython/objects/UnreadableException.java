package dev.hangdoctor.cpython.objects;

/**
 * An object could not be read: its memory is unmapped or it does not look like what was expected.
 */
public final class UnreadableException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnreadableException(String message) {
    super(message);
  }

  public UnreadableException(String message, Throwable cause) {
    super(message, cause);
  }
}
