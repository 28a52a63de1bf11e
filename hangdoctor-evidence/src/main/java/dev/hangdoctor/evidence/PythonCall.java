package dev.hangdoctor.evidence;

/**
 * The call a thread's innermost Python frame is making, as read from the interpreter: a call into C
 * ({@code time.sleep}, {@code socket.recv}, {@code lock.acquire}) leaves no frame of its own, so
 * this is the only trace of it. {@code expression} is the callee as the code names it ({@code
 * self._sock.recv}); {@code target} the callable it resolved to in memory, qualified ({@code
 * time.sleep}, {@code _socket.socket.recv}, {@code _thread.lock.acquire}; {@code null} when it
 * could not be read); {@code receiverType} the type of the object a method is called on ({@code
 * socket}, {@code _thread.lock}), else {@code null}. {@code withEntry} marks the entry of a {@code
 * with} block, which calls the manager's {@code __enter__}.
 */
public record PythonCall(
    String expression,
    String target,
    TargetKind targetKind,
    String receiverType,
    boolean withEntry) {

  /** What kind of callable the target is. */
  public enum TargetKind {
    /** A function written in Python (then the next frame inward is it). */
    PYTHON,
    /** A builtin function or method implemented in C. */
    NATIVE,
    /** A class being instantiated. */
    TYPE,
    /** Not read. */
    UNKNOWN
  }

  /** The last part of the expression or target: {@code recv} for {@code self._sock.recv}. */
  public String name() {
    String text = expression != null ? expression : target;
    if (text == null) {
      return null;
    }
    return text.substring(text.lastIndexOf('.') + 1);
  }
}
