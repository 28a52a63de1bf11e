package dev.hangdoctor.evidence;

/**
 * A lock a Python thread holds: the lock, the frame that took it ({@code frame}, an index into the
 * thread's frames, innermost 0; {@code -1} when no frame says, as for an RLock known only by its
 * owner field), the line of the {@code with} statement that took it ({@code -1} when unknown) and
 * how the hold was seen.
 */
public record PythonLockHold(PythonLock lock, int frame, int line, How how) {

  /** How hangdoctor knows the thread holds the lock. */
  public enum How {
    /** A {@code with} block in {@code frame} keeps the lock's {@code __exit__} on its stack. */
    WITH_BLOCK,
    /** The RLock records this thread as its owner. */
    RLOCK_OWNER
  }
}
