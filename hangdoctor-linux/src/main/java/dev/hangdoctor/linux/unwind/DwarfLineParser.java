package dev.hangdoctor.linux.unwind;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code .debug_line} (DWARF 2–5; version 5 as gcc 12 emits it, with its strings in {@code
 * .debug_line_str} and {@code .debug_str}) into a {@link LineTable}. A unit that does not parse is
 * skipped; a pure function of the section bytes.
 */
public final class DwarfLineParser {
  private static final int DW_LNCT_PATH = 1;
  private static final int DW_LNCT_DIRECTORY_INDEX = 2;

  private DwarfLineParser() {}

  public static LineTable parse(byte[] debugLine, byte[] debugLineStr, byte[] debugStr) {
    List<Row> rows = new ArrayList<>();
    ByteCursor in = new ByteCursor(debugLine);
    while (!in.atEnd()) {
      int unitStart = in.position();
      long length;
      boolean dwarf64 = false;
      try {
        length = in.u32();
        if (length == 0xffffffffL) {
          length = in.u64();
          dwarf64 = true;
        }
      } catch (DwarfFormatException e) {
        break;
      }
      int unitEnd = (int) Math.min(debugLine.length, in.position() + length);
      try {
        unit(
            new ByteCursor(debugLine, in.position(), unitEnd),
            dwarf64,
            debugLineStr,
            debugStr,
            rows);
      } catch (DwarfFormatException e) {
        // a malformed unit: skip it, keep the others
      }
      if (unitEnd <= unitStart) {
        break;
      }
      in.seek(unitEnd);
    }
    rows.sort((a, b) -> Long.compareUnsigned(a.address, b.address));
    long[] addresses = new long[rows.size()];
    String[] files = new String[rows.size()];
    int[] lines = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      addresses[i] = rows.get(i).address;
      files[i] = rows.get(i).file;
      lines[i] = rows.get(i).line;
    }
    return new LineTable(addresses, files, lines);
  }

  private record Row(long address, String file, int line) {}

  private static void unit(
      ByteCursor in, boolean dwarf64, byte[] lineStr, byte[] str, List<Row> rows) {
    int version = in.u16();
    if (version < 2 || version > 5) {
      throw new DwarfFormatException("line table version " + version);
    }
    if (version >= 5) {
      in.u8(); // address_size
      in.u8(); // segment_selector_size
    }
    long headerLength = dwarf64 ? in.u64() : in.u32();
    int programStart = (int) (in.position() + headerLength);
    int minInstruction = in.u8();
    if (version >= 4) {
      in.u8(); // maximum_operations_per_instruction
    }
    in.u8(); // default_is_stmt
    int lineBase = (byte) in.u8();
    int lineRange = in.u8();
    int opcodeBase = in.u8();
    if (lineRange == 0) {
      throw new DwarfFormatException("line_range 0");
    }
    int[] standardLengths = new int[Math.max(opcodeBase, 1)];
    for (int i = 1; i < opcodeBase; i++) {
      standardLengths[i] = in.u8();
    }
    List<String> files = new ArrayList<>();
    if (version >= 5) {
      List<String[]> directories = entries(in, dwarf64, lineStr, str);
      List<String> dirs = new ArrayList<>();
      for (String[] d : directories) {
        dirs.add(d[0]);
      }
      for (String[] f : entries(in, dwarf64, lineStr, str)) {
        files.add(join(dirs, f[0], f[1] == null ? 0 : Integer.parseInt(f[1])));
      }
    } else {
      List<String> dirs = new ArrayList<>();
      dirs.add("");
      for (String d = in.cstring(); !d.isEmpty(); d = in.cstring()) {
        dirs.add(d);
      }
      files.add(null); // DWARF 4 and before count files from 1
      for (String f = in.cstring(); !f.isEmpty(); f = in.cstring()) {
        int dir = (int) in.uleb();
        in.uleb();
        in.uleb();
        files.add(join(dirs, f, dir));
      }
    }
    in.seek(programStart);
    run(in, minInstruction, lineBase, lineRange, opcodeBase, standardLengths, files, rows);
  }

  private static void run(
      ByteCursor in,
      int minInstruction,
      int lineBase,
      int lineRange,
      int opcodeBase,
      int[] standardLengths,
      List<String> files,
      List<Row> rows) {
    long address = 0;
    int file = 1;
    int line = 1;
    while (!in.atEnd()) {
      int op = in.u8();
      if (op >= opcodeBase) {
        int adjusted = op - opcodeBase;
        address += (long) (adjusted / lineRange) * minInstruction;
        line += lineBase + adjusted % lineRange;
        rows.add(new Row(address, name(files, file), line));
        continue;
      }
      switch (op) {
        case 0 -> {
          long length = in.uleb();
          int end = in.position() + (int) length;
          int sub = length == 0 ? 0 : in.u8();
          if (sub == 1) {
            rows.add(new Row(address, null, -1));
            address = 0;
            file = 1;
            line = 1;
          } else if (sub == 2) {
            address = in.u64();
          }
          in.seek(end);
        }
        case 1 -> rows.add(new Row(address, name(files, file), line));
        case 2 -> address += in.uleb() * minInstruction;
        case 3 -> line += (int) in.sleb();
        case 4 -> file = (int) in.uleb();
        case 5, 12 -> in.uleb();
        case 6, 7, 10, 11 -> {}
        case 8 -> address += (long) ((255 - opcodeBase) / lineRange) * minInstruction;
        case 9 -> address += in.u16();
        default -> {
          for (int i = 0; i < standardLengths[op]; i++) {
            in.uleb();
          }
        }
      }
    }
  }

  private static String name(List<String> files, int index) {
    return index >= 0 && index < files.size() ? files.get(index) : null;
  }

  private static String join(List<String> dirs, String name, int dir) {
    if (name == null || name.startsWith("/") || dir < 0 || dir >= dirs.size()) {
      return name;
    }
    String base = dirs.get(dir);
    return base == null || base.isEmpty() ? name : base + "/" + name;
  }

  /** DWARF 5 directory or file entries: each as {path, directory index or null}. */
  private static List<String[]> entries(
      ByteCursor in, boolean dwarf64, byte[] lineStr, byte[] str) {
    int formatCount = in.u8();
    long[][] format = new long[formatCount][2];
    for (int i = 0; i < formatCount; i++) {
      format[i][0] = in.uleb();
      format[i][1] = in.uleb();
    }
    long count = in.uleb();
    List<String[]> result = new ArrayList<>();
    for (long n = 0; n < count; n++) {
      String[] entry = new String[2];
      for (long[] field : format) {
        String value = form(in, (int) field[1], dwarf64, lineStr, str);
        if (field[0] == DW_LNCT_PATH) {
          entry[0] = value;
        } else if (field[0] == DW_LNCT_DIRECTORY_INDEX) {
          entry[1] = value;
        }
      }
      result.add(entry);
    }
    return result;
  }

  private static String form(ByteCursor in, int form, boolean dwarf64, byte[] lineStr, byte[] str) {
    return switch (form) {
      case 0x08 -> in.cstring();
      case 0x1f -> string(lineStr, dwarf64 ? in.u64() : in.u32());
      case 0x0e -> string(str, dwarf64 ? in.u64() : in.u32());
      case 0x0f -> Long.toString(in.uleb());
      case 0x0b -> Integer.toString(in.u8());
      case 0x05 -> Integer.toString(in.u16());
      case 0x06 -> Long.toString(in.u32());
      case 0x07 -> Long.toString(in.u64());
      case 0x1e -> {
        in.skip(16);
        yield null;
      }
      case 0x09 -> {
        in.skip(in.uleb());
        yield null;
      }
      default -> throw new DwarfFormatException("line table form 0x" + Integer.toHexString(form));
    };
  }

  private static String string(byte[] table, long offset) {
    if (table == null || offset < 0 || offset >= table.length) {
      return null;
    }
    ByteCursor in = new ByteCursor(table, (int) offset, table.length);
    return in.cstring();
  }
}
