package dev.hangdoctor.evidence;

/**
 * An edge of the wait-for graph: node {@code from} waits for node {@code to} through {@code
 * resource}, in the way {@code relation} says. {@code to} is {@code null} when the other end is
 * unknown (a {@code threading.Lock} held by a thread no stack shows, a futex no object explains).
 */
public record WaitEdge(String from, String to, WaitResource resource, Relation relation) {

  /** How {@code from} depends on {@code to}. */
  public enum Relation {
    /** {@code to} holds the lock {@code from} waits to acquire. */
    HELD_BY,
    /** {@code to} holds the write end of the pipe {@code from} reads. */
    WRITTEN_BY,
    /** {@code to} holds the read end of the pipe {@code from} writes. */
    READ_BY,
    /** {@code from} waits for {@code to} (a thread or child process) to end. */
    EXIT_OF,
    /** {@code to} could complete what {@code from} waits on (put, set, notify, deliver). */
    WOKEN_BY
  }
}
