package dev.hangdoctor.linux.unwind;

import java.nio.charset.StandardCharsets;

/**
 * A little-endian read position in a byte array, with the DWARF variable-length encodings. Reading
 * past the end throws {@link DwarfFormatException}, so a truncated table stops its parser cleanly.
 */
final class ByteCursor {
  private final byte[] bytes;
  private final int limit;
  private int position;

  ByteCursor(byte[] bytes, int position, int limit) {
    this.bytes = bytes;
    this.position = position;
    this.limit = Math.min(limit, bytes.length);
  }

  ByteCursor(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  int position() {
    return position;
  }

  void seek(int newPosition) {
    position = newPosition;
  }

  boolean atEnd() {
    return position >= limit;
  }

  int limit() {
    return limit;
  }

  private void need(int count) {
    if (position < 0 || count < 0 || position + count > limit) {
      throw new DwarfFormatException("read of " + count + " bytes at " + position + " past end");
    }
  }

  int u8() {
    need(1);
    return bytes[position++] & 0xff;
  }

  int u16() {
    need(2);
    int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8;
    position += 2;
    return value;
  }

  long u32() {
    need(4);
    long value = 0;
    for (int i = 3; i >= 0; i--) {
      value = value << 8 | (bytes[position + i] & 0xff);
    }
    position += 4;
    return value;
  }

  long u64() {
    need(8);
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (bytes[position + i] & 0xff);
    }
    position += 8;
    return value;
  }

  long uleb() {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      if (shift < 64) {
        result |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
  }

  long sleb() {
    long result = 0;
    int shift = 0;
    int b;
    do {
      b = u8();
      if (shift < 64) {
        result |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  String cstring() {
    int start = position;
    while (true) {
      need(1);
      if (bytes[position] == 0) {
        break;
      }
      position++;
    }
    String text = new String(bytes, start, position - start, StandardCharsets.UTF_8);
    position++;
    return text;
  }

  void skip(long count) {
    if (count < 0 || count > limit - position) {
      throw new DwarfFormatException("skip of " + count + " bytes at " + position + " past end");
    }
    position += (int) count;
  }

  /**
   * A pointer in {@code DW_EH_PE} encoding {@code encoding}; {@code base} is the link-time address
   * of byte 0 of the array (for pc-relative values); {@code dataBase} for data-relative ones.
   */
  long encoded(int encoding, long base, long dataBase) {
    if (encoding == 0xff) {
      return 0;
    }
    long here = base + position;
    long value =
        switch (encoding & 0x0f) {
          case 0x00 -> u64();
          case 0x01 -> uleb();
          case 0x02 -> u16();
          case 0x03 -> u32();
          case 0x04 -> u64();
          case 0x09 -> sleb();
          case 0x0a -> (short) u16();
          case 0x0b -> (int) u32();
          case 0x0c -> u64();
          default ->
              throw new DwarfFormatException("pointer encoding 0x" + Integer.toHexString(encoding));
        };
    return switch (encoding & 0x70) {
      case 0x00 -> value;
      case 0x10 -> here + value;
      case 0x30 -> dataBase + value;
      default ->
          throw new DwarfFormatException("pointer application 0x" + Integer.toHexString(encoding));
    };
  }
}
