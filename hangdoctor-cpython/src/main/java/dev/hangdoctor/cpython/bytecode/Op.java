package dev.hangdoctor.cpython.bytecode;

/**
 * The base (de-specialized) instructions hangdoctor's bytecode reader tells apart; every other
 * instruction is {@link #OTHER}, and one whose base cannot be known (an instrumented line marker, a
 * JIT executor) is {@link #UNKNOWN}. Numbers differ between versions: {@link OpcodeTable} maps
 * them.
 */
public enum Op {
  CACHE,
  EXTENDED_ARG,
  RESUME,
  CALL,
  PRECALL,
  CALL_KW,
  CALL_FUNCTION_EX,
  KW_NAMES,
  PUSH_NULL,
  BEFORE_WITH,
  LOAD_SPECIAL,
  LOAD_GLOBAL,
  LOAD_NAME,
  LOAD_FAST,
  LOAD_FAST_CHECK,
  LOAD_FAST_AND_CLEAR,
  LOAD_FAST_LOAD_FAST,
  LOAD_FAST_BORROW,
  LOAD_FAST_BORROW_LOAD_FAST_BORROW,
  LOAD_DEREF,
  LOAD_ATTR,
  LOAD_METHOD,
  LOAD_SUPER_ATTR,
  LOAD_CONST,
  BINARY_SUBSCR,
  BINARY_OP,
  OTHER,
  UNKNOWN;

  /** True for an instruction that performs a call. */
  public boolean isCall() {
    return this == CALL || this == PRECALL || this == CALL_KW || this == CALL_FUNCTION_EX;
  }
}
