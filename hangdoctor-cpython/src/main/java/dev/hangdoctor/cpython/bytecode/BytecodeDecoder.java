package dev.hangdoctor.cpython.bytecode;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes adaptive bytecode ({@code co_code_adaptive}: 2-byte code units of opcode and argument)
 * forward from the start, joining {@code EXTENDED_ARG} prefixes and skipping inline caches, which
 * is the only safe direction: a cache unit may hold any byte. Pure and total: garbage gives
 * instructions of unknown base, never an error.
 */
public final class BytecodeDecoder {
  private BytecodeDecoder() {}

  public static List<Instruction> decode(byte[] code, OpcodeTable table) {
    int units = code.length / 2;
    List<Instruction> instructions = new ArrayList<>();
    int unit = 0;
    int extended = 0;
    int start = -1;
    while (unit < units) {
      int opcode = code[2 * unit] & 0xff;
      int arg = code[2 * unit + 1] & 0xff;
      Op op = table.base(opcode);
      if (start < 0) {
        start = unit;
      }
      if (op == Op.EXTENDED_ARG) {
        extended = (extended << 8) | arg;
        unit++;
        continue;
      }
      int end = Math.min(units, unit + 1 + table.caches(opcode));
      instructions.add(new Instruction(start, unit, end, opcode, op, (extended << 8) | arg));
      unit = end;
      extended = 0;
      start = -1;
    }
    return instructions;
  }

  /**
   * The position in {@code instructions} of the one covering code unit {@code unit}, or -1 when
   * none does.
   */
  public static int indexAt(List<Instruction> instructions, int unit) {
    int low = 0;
    int high = instructions.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Instruction instruction = instructions.get(middle);
      if (unit < instruction.start()) {
        high = middle - 1;
      } else if (unit >= instruction.end()) {
        low = middle + 1;
      } else {
        return middle;
      }
    }
    return -1;
  }
}
