package dev.hangdoctor.cpython.walker;

/**
 * What was read does not look like the structure it should be: a torn read of a moving target or a
 * garbage pointer. The message says what was being read.
 */
final class WalkFault extends Exception {
  private static final long serialVersionUID = 1L;

  WalkFault(String message) {
    super(message);
  }
}
