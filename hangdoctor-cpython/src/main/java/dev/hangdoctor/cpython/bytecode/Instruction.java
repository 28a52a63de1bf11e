package dev.hangdoctor.cpython.bytecode;

/**
 * One decoded instruction: its first code unit ({@code start}, where any {@code EXTENDED_ARG}
 * prefix begins), the unit of the opcode itself ({@code index}), the unit after its inline caches
 * ({@code end}), the opcode byte as found (possibly specialized), its base and its full argument.
 */
public record Instruction(int start, int index, int end, int opcode, Op op, int oparg) {
  /** True when code unit {@code unit} belongs to this instruction, its prefixes or its caches. */
  public boolean covers(int unit) {
    return unit >= start && unit < end;
  }
}
