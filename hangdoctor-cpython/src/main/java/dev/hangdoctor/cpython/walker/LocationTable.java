package dev.hangdoctor.cpython.walker;

/**
 * Decodes a code object's location table ({@code co_linetable}, 3.11-3.14) to the line of one
 * instruction. Pure and total: any byte string, truncated or random, gives a line or {@link
 * #UNKNOWN}, in time linear in its length.
 */
final class LocationTable {
  /** No line: the instruction has no location, lies past the table, or the table is malformed. */
  static final int UNKNOWN = -1;

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
  static int lineOf(byte[] table, int firstLine, int index) {
    if (index < 0) {
      return UNKNOWN;
    }
    return new LocationTable(table).find(firstLine, index);
  }

  private int find(int firstLine, int index) {
    long line = firstLine;
    long address = 0;
    try {
      while (position < table.length) {
        int first = table[position++] & 0xff;
        if ((first & 0x80) == 0) {
          return UNKNOWN;
        }
        int code = (first >> 3) & 0xf;
        int length = (first & 7) + 1;
        boolean hasLine = code != NO_LOCATION;
        if (code == LONG_FORM) {
          line += signedVarint();
          unsignedVarint();
          unsignedVarint();
          unsignedVarint();
        } else if (code == NO_COLUMNS) {
          line += signedVarint();
        } else if (code >= ONE_LINE_FIRST && code < NO_COLUMNS) {
          line += code - ONE_LINE_FIRST;
          skip(2);
        } else if (code < ONE_LINE_FIRST) {
          skip(1);
        }
        if (index < address + length) {
          return hasLine && line >= 0 && line <= Integer.MAX_VALUE ? (int) line : UNKNOWN;
        }
        address += length;
      }
    } catch (Malformed e) {
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private void skip(int count) throws Malformed {
    if (table.length - position < count) {
      throw Malformed.INSTANCE;
    }
    position += count;
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
