package dev.hangdoctor.linux.memory;

import java.io.IOException;

/** A read of remote memory failed; {@link #reason()} tells a stale pointer from a refused read. */
public final class MemoryReadException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the bytes could not be read. */
  public enum Reason {
    /** Nothing is mapped there (a stale or garbage pointer): the kernel answers EIO. */
    UNMAPPED,
    /** The kernel refused (ptrace access rules). */
    PERMISSION_DENIED,
    /** The process exited. */
    TARGET_EXITED
  }

  private final Reason reason;

  public MemoryReadException(String message, Reason reason, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
