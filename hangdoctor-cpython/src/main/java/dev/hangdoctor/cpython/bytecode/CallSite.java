package dev.hangdoctor.cpython.bytecode;

/**
 * A call (or the entry of a {@code with} block, which calls the manager's {@code __enter__}) being
 * made by a frame: where it is in the source (the whole call expression, or the context
 * expression), the callee expression as the code names it ({@code time.sleep}; for a {@code with},
 * the manager: {@code self._lock}; null when the bytecode does not tell), the number of positional
 * arguments ({@code -1} for {@code f(*args)}) and the instruction.
 */
public record CallSite(Kind kind, Position position, String callee, int argc, Op op) {
  /** What the instruction does. */
  public enum Kind {
    CALL,
    WITH_ENTER
  }
}
