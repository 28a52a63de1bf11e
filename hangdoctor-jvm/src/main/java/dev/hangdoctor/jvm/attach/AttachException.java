package dev.hangdoctor.jvm.attach;

/**
 * Attaching to a JVM or asking it something failed; {@link #reason()} says why in terms a user can
 * act on, and the message is one line.
 */
public final class AttachException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why attaching failed. */
  public enum Reason {
    /** The process is gone. */
    TARGET_EXITED,
    /** {@code -XX:+DisableAttachMechanism}: the JVM never opens a listener. */
    ATTACH_DISABLED,
    /** {@code -Xrs}: SIGQUIT is not caught, so it would kill the JVM instead of waking it. */
    SIGNALS_REDUCED,
    /** Another user's JVM: the signal, the trigger file or the socket was refused. */
    PERMISSION_DENIED,
    /** No listener appeared, or no answer came, before the deadline. */
    NOT_RESPONDING,
    /** The JVM closed the connection without a status line. */
    REJECTED,
    /** The socket file is not the JVM's own (wrong owner or mode, not a socket). */
    INSECURE_SOCKET,
    /** The JVM answered with an error. */
    COMMAND_FAILED,
    /** Anything else. */
    IO
  }

  private final Reason reason;

  public AttachException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public AttachException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
