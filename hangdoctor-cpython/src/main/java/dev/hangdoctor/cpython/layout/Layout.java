package dev.hangdoctor.cpython.layout;

import java.util.Set;

/**
 * Every byte offset a stack walk of one CPython minor version follows (x86_64, GIL build). An
 * offset of {@link #ABSENT} means the field does not exist in that version.
 */
public record Layout(
    int minor,
    RuntimeState runtime,
    InterpreterState interpreter,
    Gil gil,
    ThreadState thread,
    Frame frame,
    Code code,
    ObjectLayout objects) {

  /** Marks a field that the version does not have. */
  public static final int ABSENT = -1;

  /** {@code _PyRuntimeState}: the interpreter list, and on 3.11 the process-wide GIL. */
  public record RuntimeState(int interpretersHead, int gilTstateCurrent) {}

  /** {@code PyInterpreterState}; {@code cevalGil} is the pointer to the GIL in use (3.12+). */
  public record InterpreterState(int next, int threadsHead, int cevalGil) {}

  /** Inside {@code struct _gil_runtime_state}. */
  public record Gil(int lastHolder, int locked) {}

  /**
   * {@code PyThreadState}. The top frame is {@code *(*(ts + cframe) + cframeCurrentFrame)} on
   * 3.11/3.12 and {@code *(ts + currentFrame)} on 3.13+. {@code gilStatusBit} is the bit of the
   * {@code _status} word that tells this thread holds the GIL (3.12 "active", 3.13 "holds_gil"),
   * {@code holdsGil} the separate int of 3.14, {@code state} the attached/detached int of 3.13+.
   */
  public record ThreadState(
      int next,
      int threadId,
      int nativeThreadId,
      int cframe,
      int cframeCurrentFrame,
      int currentFrame,
      int status,
      int gilStatusBit,
      int holdsGil,
      int state) {

    /** Bytes to read to cover every field used. */
    public int span() {
      return maxPlus(
          8, next, threadId, nativeThreadId, cframe, currentFrame, status, holdsGil, state);
    }
  }

  /**
   * {@code _PyInterpreterFrame}: where the code object, the previous frame, the owner byte and the
   * instruction pointer are, how to read the instruction pointer, which owner values mark shim
   * frames to skip (3.12+: each marks a call from C), the mask that clears 3.14's tag bits from the
   * code reference, and 3.11's {@code is_entry} byte (a frame C called; {@link #ABSENT} later).
   */
  public record Frame(
      int code,
      int previous,
      int owner,
      int instruction,
      InstructionPointer instructionPointer,
      Set<Integer> shimOwners,
      long codeTagMask,
      int isEntry) {

    public Frame {
      shimOwners = Set.copyOf(shimOwners);
    }

    /** Bytes to read to cover every field used. */
    public int span() {
      return Math.max(maxPlus(8, code, previous, instruction), Math.max(owner, isEntry) + 1);
    }
  }

  /** What the frame's instruction field points at. */
  public enum InstructionPointer {
    /** 3.11/3.12 {@code prev_instr}: the last code unit already executed ({@code -1} when new). */
    PREVIOUS,
    /** 3.13+ {@code instr_ptr}: the instruction being executed. */
    CURRENT
  }

  /** {@code PyCodeObject}; {@code bytecode} is {@code co_code_adaptive}, the first code unit. */
  public record Code(
      int filename,
      int name,
      int qualname,
      int lineTable,
      int firstLineNo,
      int localsPlusNames,
      int bytecode) {

    /** Bytes to read to cover every field used. */
    public int span() {
      return maxPlus(8, filename, name, qualname, lineTable, firstLineNo, localsPlusNames);
    }
  }

  /**
   * Object headers: {@code ob_type}, {@code tp_name}, and the {@code str}, {@code bytes} and {@code
   * tuple} layouts. {@code strAsciiData} / {@code strCompactData} are where a compact ASCII /
   * compact non-ASCII string's characters start, {@code strLegacyData} the data pointer of a
   * non-compact string.
   */
  public record ObjectLayout(
      int obType,
      int typeName,
      int strLength,
      int strState,
      int strAsciiData,
      int strCompactData,
      int strLegacyData,
      int bytesSize,
      int bytesData,
      int tupleSize,
      int tupleItems) {}

  private static int maxPlus(int width, int... offsets) {
    int max = 0;
    for (int offset : offsets) {
      max = Math.max(max, offset);
    }
    return max + width;
  }
}
