package dev.hangdoctor.evidence;

/**
 * Something hangdoctor could not look at in a process, so a hang there can be neither ruled in nor
 * out from it: {@code what} was not seen ("Python stacks", "thread waits (wchan, syscall)"), {@code
 * why} not, and {@code remedy}, what would let it look (run as the process's user, a supported
 * interpreter, …). {@code kind} says whose limit it is.
 */
public record BlindSpot(Kind kind, String what, String why, String remedy) {

  /** Whose limit it is. */
  public enum Kind {
    /** The kernel refused the read (ptrace access rules): another user, Yama, not dumpable. */
    REFUSED,
    /** A runtime version hangdoctor does not read (CPython 3.10 and older). */
    UNSUPPORTED,
    /** A runtime hangdoctor cannot read yet (the JVM's Java stacks). */
    NOT_READ_YET,
    /** It was there but could not be understood. */
    UNREADABLE
  }
}
