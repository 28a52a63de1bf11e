package dev.hangdoctor.cpython.bytecode;

import java.util.Arrays;

/**
 * Decodes a code object's location table ({@code co_linetable}, 3.11-3.14) to the line, or the full
 * source position, of one instruction. Pure and total: any byte string, truncated or random, gives
 * a position or {@link #UNKNOWN}, in time linear in its length.
 */
public final class LocationTable {
  /** No line: the instruction has no location, lies past the table, or the table is malformed. */
  public static final int UNKNOWN = -1;

  private static final int NO_LOCATION = 15;
  private static final int LONG_FORM = 14;
  private static final int NO_COLUMNS = 13;
  private static final int ONE_LINE_FIRST = 10;
  private static final int MAX_VARINT_SHIFT = 36;

  private final byte[] table;
  private int position;

  private LocationTable(byte[] table) {
    this.table = table;
  }

  /**
   * The line of code unit {@code index} (0-based), counting from {@code firstLine} ({@code
   * co_firstlineno}).
   */
  public static int lineOf(byte[] table, int firstLine, int index) {
    return positionOf(table, firstLine, index).line();
  }

  /**
   * The source position of code unit {@code index}: line, end line and the 0-based UTF-8 byte
   * columns (end exclusive), each {@link #UNKNOWN} where the table does not say.
   */
  public static Position positionOf(byte[] table, int firstLine, int index) {
    if (index < 0) {
      return Position.NONE;
    }
    return new LocationTable(table).find(firstLine, index);
  }

  /**
   * The position of every code unit from 0 to {@code units - 1}, in one pass over the table; units
   * past its end are {@link Position#NONE}.
   */
  public static Position[] positions(byte[] table, int firstLine, int units) {
    Position[] result = new Position[Math.max(0, units)];
    Arrays.fill(result, Position.NONE);
    new LocationTable(table).fill(firstLine, result);
    return result;
  }

  private Position find(int firstLine, int index) {
    Cursor cursor = new Cursor(firstLine);
    try {
      while (position < table.length) {
        Entry entry = next(cursor);
        if (entry == null) {
          return Position.NONE;
        }
        if (index < cursor.address + entry.length) {
          return entry.position;
        }
        cursor.address += entry.length;
      }
    } catch (Malformed e) {
      return Position.NONE;
    }
    return Position.NONE;
  }

  private void fill(int firstLine, Position[] result) {
    Cursor cursor = new Cursor(firstLine);
    try {
      while (position < table.length && cursor.address < result.length) {
        Entry entry = next(cursor);
        if (entry == null) {
          return;
        }
        for (int i = 0; i < entry.length && cursor.address + i < result.length; i++) {
          result[(int) cursor.address + i] = entry.position;
        }
        cursor.address += entry.length;
      }
    } catch (Malformed e) {
      // the units after the malformed entry keep no position
    }
  }

  private static final class Cursor {
    long line;
    long address;

    Cursor(int firstLine) {
      this.line = firstLine;
    }
  }

  private record Entry(int length, Position position) {}

  /** The next entry, advancing the running line; null when the table is not at an entry start. */
  private Entry next(Cursor cursor) throws Malformed {
    int first = table[position++] & 0xff;
    if ((first & 0x80) == 0) {
      return null;
    }
    int code = (first >> 3) & 0xf;
    int length = (first & 7) + 1;
    if (code == NO_LOCATION) {
      return new Entry(length, Position.NONE);
    }
    int endLine;
    int column = UNKNOWN;
    int endColumn = UNKNOWN;
    if (code == LONG_FORM) {
      cursor.line += signedVarint();
      long endDelta = unsignedVarint();
      column = (int) Math.min(Integer.MAX_VALUE, unsignedVarint() - 1);
      endColumn = (int) Math.min(Integer.MAX_VALUE, unsignedVarint() - 1);
      endLine = clampLine(cursor.line + endDelta);
    } else if (code == NO_COLUMNS) {
      cursor.line += signedVarint();
      endLine = clampLine(cursor.line);
    } else if (code >= ONE_LINE_FIRST) {
      cursor.line += code - ONE_LINE_FIRST;
      column = nextByte();
      endColumn = nextByte();
      endLine = clampLine(cursor.line);
    } else {
      int b = nextByte();
      column = code * 8 + ((b >> 4) & 7);
      endColumn = column + (b & 15);
      endLine = clampLine(cursor.line);
    }
    int line = clampLine(cursor.line);
    if (line == UNKNOWN) {
      return new Entry(length, Position.NONE);
    }
    return new Entry(length, new Position(line, endLine, column, endColumn));
  }

  private static int clampLine(long line) {
    return line >= 0 && line <= Integer.MAX_VALUE ? (int) line : UNKNOWN;
  }

  private int nextByte() throws Malformed {
    if (position >= table.length) {
      throw Malformed.INSTANCE;
    }
    return table[position++] & 0xff;
  }

  private long unsignedVarint() throws Malformed {
    long value = 0;
    int shift = 0;
    while (true) {
      if (position >= table.length || shift > MAX_VARINT_SHIFT) {
        throw Malformed.INSTANCE;
      }
      int b = table[position++] & 0xff;
      value |= (long) (b & 0x3f) << shift;
      shift += 6;
      if ((b & 0x40) == 0) {
        return value;
      }
    }
  }

  private long signedVarint() throws Malformed {
    long u = unsignedVarint();
    return (u & 1) != 0 ? -(u >>> 1) : u >>> 1;
  }

  /** The table ended inside an entry or holds an impossible varint. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super(null, null, false, false);
    }
  }
}
