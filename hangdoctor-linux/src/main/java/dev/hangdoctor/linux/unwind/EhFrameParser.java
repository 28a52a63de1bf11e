package dev.hangdoctor.linux.unwind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .eh_frame} call-frame information of one ELF file, and a small DWARF CFA interpreter
 * for x86-64: the CFA as register plus offset, registers saved at CFA plus an offset, and the
 * common opcodes (advance, def_cfa*, offset*, restore*, remember/restore state, same/undefined,
 * GNU_args_size). Built once per file from its bytes; a pure function of them.
 */
public final class EhFrameParser {
  private final byte[] data;
  private final long sectionAddress;
  private final long[] starts;
  private final long[] ends;
  private final int[] fdeOffsets;

  private EhFrameParser(byte[] data, long sectionAddress, List<long[]> fdes) {
    this.data = data;
    this.sectionAddress = sectionAddress;
    fdes.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
    this.starts = new long[fdes.size()];
    this.ends = new long[fdes.size()];
    this.fdeOffsets = new int[fdes.size()];
    for (int i = 0; i < fdes.size(); i++) {
      starts[i] = fdes.get(i)[0];
      ends[i] = fdes.get(i)[1];
      fdeOffsets[i] = (int) fdes.get(i)[2];
    }
  }

  /**
   * Indexes the FDEs of {@code data}, the bytes of {@code .eh_frame} whose link-time address is
   * {@code sectionAddress}. A malformed entry ends the index there (the entries before it stay).
   */
  public static EhFrameParser parse(byte[] data, long sectionAddress) {
    List<long[]> fdes = new ArrayList<>();
    Map<Integer, Cie> cies = new HashMap<>();
    ByteCursor in = new ByteCursor(data);
    try {
      while (!in.atEnd()) {
        int entry = in.position();
        long length = in.u32();
        if (length == 0) {
          break;
        }
        if (length == 0xffffffffL) {
          break; // 64-bit entries do not occur in x86-64 .eh_frame
        }
        int end = in.position() + (int) length;
        int idField = in.position();
        long id = in.u32();
        if (id != 0) {
          int ciePosition = (int) (idField - id);
          Cie cie = cies.computeIfAbsent(ciePosition, p -> Cie.parse(data, p, sectionAddress));
          long start = in.encoded(cie.fdeEncoding, sectionAddress, 0);
          long range = in.encoded(cie.fdeEncoding & 0x0f, sectionAddress, 0);
          fdes.add(new long[] {start, start + range, entry});
        }
        in.seek(end);
      }
    } catch (DwarfFormatException e) {
      // keep the entries read so far
    }
    return new EhFrameParser(data, sectionAddress, fdes);
  }

  /** How many functions the table describes. */
  public int size() {
    return starts.length;
  }

  /** The rule row in effect at link-time address {@code pc}, when an FDE covers it. */
  public Optional<CfiRow> rowAt(long pc) {
    int low = 0;
    int high = starts.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(starts[mid], pc) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0 || Long.compareUnsigned(pc, ends[found]) >= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(row(fdeOffsets[found], pc));
    } catch (DwarfFormatException e) {
      return Optional.empty();
    }
  }

  private CfiRow row(int fdeOffset, long pc) {
    ByteCursor in = new ByteCursor(data, fdeOffset, data.length);
    long length = in.u32();
    int end = in.position() + (int) length;
    int idField = in.position();
    long id = in.u32();
    Cie cie = Cie.parse(data, (int) (idField - id), sectionAddress);
    long start = in.encoded(cie.fdeEncoding, sectionAddress, 0);
    in.encoded(cie.fdeEncoding & 0x0f, sectionAddress, 0);
    if (cie.augmentation.startsWith("z")) {
      in.skip(in.uleb());
    }
    State initial = new State();
    Interpreter interpreter = new Interpreter(cie, initial);
    interpreter.run(new ByteCursor(data, cie.instructionsStart, cie.instructionsEnd), 0, -1, null);
    State state = initial.copy();
    interpreter.state = state;
    interpreter.run(new ByteCursor(data, in.position(), end), start, pc, initial);
    return new CfiRow(
        interpreter.state.cfaRegister,
        interpreter.state.cfaOffset,
        interpreter.state.savedAt,
        interpreter.state.expression,
        interpreter.state.outermost);
  }

  /** A common information entry: the parts the interpreter needs. */
  private record Cie(
      String augmentation,
      long codeAlign,
      long dataAlign,
      int fdeEncoding,
      int instructionsStart,
      int instructionsEnd) {
    static Cie parse(byte[] data, int position, long sectionAddress) {
      ByteCursor in = new ByteCursor(data, position, data.length);
      long length = in.u32();
      int end = in.position() + (int) length;
      if (in.u32() != 0) {
        throw new DwarfFormatException("CIE pointer does not point at a CIE");
      }
      int version = in.u8();
      String augmentation = in.cstring();
      long codeAlign = in.uleb();
      long dataAlign = in.sleb();
      if (version == 1) {
        in.u8();
      } else {
        in.uleb();
      }
      int fdeEncoding = 0;
      if (augmentation.startsWith("z")) {
        long augLength = in.uleb();
        int augEnd = in.position() + (int) augLength;
        for (char c : augmentation.substring(1).toCharArray()) {
          switch (c) {
            case 'R' -> fdeEncoding = in.u8();
            case 'L' -> in.u8();
            case 'P' -> in.encoded(in.u8() & 0x7f, sectionAddress, 0);
            default -> {}
          }
        }
        in.seek(augEnd);
      }
      return new Cie(augmentation, codeAlign, dataAlign, fdeEncoding, in.position(), end);
    }
  }

  /** The interpreter's registers: CFA rule and the save slots. */
  private static final class State {
    int cfaRegister = CfiRow.RSP;
    long cfaOffset = 8;
    boolean expression;
    boolean outermost;
    Map<Integer, Long> savedAt = new HashMap<>();

    State copy() {
      State copy = new State();
      copy.cfaRegister = cfaRegister;
      copy.cfaOffset = cfaOffset;
      copy.expression = expression;
      copy.outermost = outermost;
      copy.savedAt = new HashMap<>(savedAt);
      return copy;
    }
  }

  private static final class Interpreter {
    private final Cie cie;
    private final State initial;
    State state;

    Interpreter(Cie cie, State state) {
      this.cie = cie;
      this.initial = state;
      this.state = state;
    }

    /** Runs instructions from location {@code location} until one would pass {@code pc}. */
    void run(ByteCursor in, long location, long pc, State restoreTo) {
      Deque<State> remembered = new ArrayDeque<>();
      long loc = location;
      while (!in.atEnd()) {
        int op = in.u8();
        int high = op & 0xc0;
        int low = op & 0x3f;
        long advance = -1;
        if (high == 0x40) {
          advance = low * cie.codeAlign;
        } else if (high == 0x80) {
          state.savedAt.put(low, in.uleb() * cie.dataAlign);
          continue;
        } else if (high == 0xc0) {
          restore(low, restoreTo);
          continue;
        } else {
          switch (op) {
            case 0x00 -> {}
            case 0x01 -> {
              long target = in.encoded(cie.fdeEncoding, 0, 0);
              advance = target - loc;
            }
            case 0x02 -> advance = in.u8() * cie.codeAlign;
            case 0x03 -> advance = in.u16() * cie.codeAlign;
            case 0x04 -> advance = in.u32() * cie.codeAlign;
            case 0x05 -> state.savedAt.put((int) in.uleb(), in.uleb() * cie.dataAlign);
            case 0x06 -> restore((int) in.uleb(), restoreTo);
            case 0x07 -> {
              int register = (int) in.uleb();
              state.savedAt.remove(register);
              if (register == CfiRow.RETURN_ADDRESS) {
                state.outermost = true;
              }
            }
            case 0x08 -> state.savedAt.remove((int) in.uleb());
            case 0x09 -> {
              state.savedAt.remove((int) in.uleb());
              in.uleb();
            }
            case 0x0a -> remembered.push(state.copy());
            case 0x0b -> {
              if (!remembered.isEmpty()) {
                state = remembered.pop();
              }
            }
            case 0x0c -> {
              state.cfaRegister = (int) in.uleb();
              state.cfaOffset = in.uleb();
              state.expression = false;
            }
            case 0x0d -> {
              state.cfaRegister = (int) in.uleb();
              state.expression = false;
            }
            case 0x0e -> state.cfaOffset = in.uleb();
            case 0x0f -> {
              in.skip(in.uleb());
              state.expression = true;
            }
            case 0x10, 0x16 -> {
              state.savedAt.remove((int) in.uleb());
              in.skip(in.uleb());
            }
            case 0x11 -> state.savedAt.put((int) in.uleb(), in.sleb() * cie.dataAlign);
            case 0x12 -> {
              state.cfaRegister = (int) in.uleb();
              state.cfaOffset = in.sleb() * cie.dataAlign;
              state.expression = false;
            }
            case 0x13 -> state.cfaOffset = in.sleb() * cie.dataAlign;
            case 0x14, 0x15 -> {
              state.savedAt.remove((int) in.uleb());
              in.uleb();
            }
            case 0x2e -> in.uleb();
            case 0x2f -> state.savedAt.put((int) in.uleb(), -in.uleb() * cie.dataAlign);
            default -> throw new DwarfFormatException("CFA opcode 0x" + Integer.toHexString(op));
          }
        }
        if (advance >= 0) {
          loc += advance;
          if (pc >= 0 && Long.compareUnsigned(loc, pc) > 0) {
            return;
          }
        }
      }
    }

    private void restore(int register, State restoreTo) {
      State source = restoreTo != null ? restoreTo : initial;
      Long offset = source.savedAt.get(register);
      if (offset == null) {
        state.savedAt.remove(register);
      } else {
        state.savedAt.put(register, offset);
      }
    }
  }
}
