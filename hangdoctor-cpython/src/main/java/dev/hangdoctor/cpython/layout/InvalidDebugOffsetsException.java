package dev.hangdoctor.cpython.layout;

/** The {@code _Py_DebugOffsets} block is missing or cannot be trusted; the message says why. */
final class InvalidDebugOffsetsException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean freeThreaded;

  InvalidDebugOffsetsException(String reason) {
    this(reason, false);
  }

  private InvalidDebugOffsetsException(String reason, boolean freeThreaded) {
    super(reason);
    this.freeThreaded = freeThreaded;
  }

  /** The block is valid but describes a free-threaded build, whose layout is not supported. */
  static InvalidDebugOffsetsException freeThreadedBuild() {
    return new InvalidDebugOffsetsException("free-threaded build", true);
  }

  boolean freeThreaded() {
    return freeThreaded;
  }
}
