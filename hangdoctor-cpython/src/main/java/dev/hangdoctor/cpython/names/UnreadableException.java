package dev.hangdoctor.cpython.names;

/**
 * An object could not be read: its memory is unmapped or it does not look like what was expected.
 */
final class UnreadableException extends Exception {
  private static final long serialVersionUID = 1L;

  UnreadableException(String message) {
    super(message);
  }

  UnreadableException(String message, Throwable cause) {
    super(message, cause);
  }
}
