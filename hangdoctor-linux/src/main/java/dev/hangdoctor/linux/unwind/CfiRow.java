package dev.hangdoctor.linux.unwind;

import java.util.Map;

/**
 * One row of a call-frame table, for one code address: the canonical frame address is register
 * {@code cfaRegister} (DWARF x86-64 numbering: 6 = rbp, 7 = rsp) plus {@code cfaOffset}, and each
 * register in {@code savedAt} was saved at CFA plus that offset. Registers not in {@code savedAt}
 * keep their value (x86-64 callee-saved registers) or are unknown. {@code expression} marks a CFA
 * given by a DWARF expression, which this interpreter does not evaluate; {@code outermost} a frame
 * whose return address is undefined (the first frame of a thread: {@code _start}, {@code clone3}).
 */
public record CfiRow(
    int cfaRegister,
    long cfaOffset,
    Map<Integer, Long> savedAt,
    boolean expression,
    boolean outermost) {
  public static final int RBP = 6;
  public static final int RSP = 7;
  public static final int RETURN_ADDRESS = 16;

  public CfiRow {
    savedAt = Map.copyOf(savedAt);
  }
}
