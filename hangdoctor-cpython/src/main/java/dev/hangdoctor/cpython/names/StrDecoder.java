package dev.hangdoctor.cpython.names;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Decodes a {@code str} object of at most {@link #MAX_CODE_POINTS} code points. */
final class StrDecoder {
  static final int MAX_CODE_POINTS = 4096;

  private static final int KIND_SHIFT = 2;
  private static final int KIND_MASK = 7;
  private static final int COMPACT = 0x20;
  private static final int ASCII = 0x40;

  private final Remote remote;
  private final long strType;

  StrDecoder(Remote remote, long strType) {
    this.remote = remote;
    this.strType = strType;
  }

  String decode(long str) throws UnreadableException {
    return read(str, -1);
  }

  /** Whether {@code str} is a str equal to {@code expected}; reads no characters otherwise. */
  boolean is(long str, String expected) throws UnreadableException {
    int codePoints = expected.codePointCount(0, expected.length());
    return expected.equals(read(str, codePoints));
  }

  /** The string, or null when {@code expectedLength} is not -1 and differs from its length. */
  private String read(long str, int expectedLength) throws UnreadableException {
    if (!Remote.isPointer(str)) {
      throw new UnreadableException(String.format("str: 0x%x is not a pointer", str));
    }
    ObjectLayout layout = remote.layout();
    remote.requireType(str, strType, ObjectLayouts.TPFLAGS_UNICODE_SUBCLASS, "str");
    ByteBuffer header = remote.bytes(str, layout.strState() + 4L, "str header");
    long length = header.getLong(layout.strLength());
    int state = header.getInt(layout.strState());
    if (length < 0 || length > MAX_CODE_POINTS) {
      throw new UnreadableException("str: implausible length " + length);
    }
    if (expectedLength != -1 && length != expectedLength) {
      return null;
    }
    int kind = (state >>> KIND_SHIFT) & KIND_MASK;
    boolean compact = (state & COMPACT) != 0;
    boolean ascii = (state & ASCII) != 0;
    if ((kind != 1 && kind != 2 && kind != 4) || (ascii && (kind != 1 || !compact))) {
      throw new UnreadableException(String.format("str: implausible state 0x%x", state));
    }
    long data;
    if (ascii) {
      data = str + layout.strAsciiData();
    } else if (compact) {
      data = str + layout.strCompactData();
    } else {
      data = remote.pointer(str + layout.strCompactData(), "str data");
    }
    byte[] chars = new byte[(int) length * kind];
    remote.bytes(data, chars.length, "str characters").get(chars);
    return switch (kind) {
      case 1 -> ascii ? ascii(chars) : new String(chars, StandardCharsets.ISO_8859_1);
      case 2 -> new String(chars, StandardCharsets.UTF_16LE);
      default -> ucs4(chars);
    };
  }

  private static String ascii(byte[] chars) throws UnreadableException {
    for (byte b : chars) {
      if (b < 0) {
        throw new UnreadableException("str: non-ASCII byte in an ASCII str");
      }
    }
    return new String(chars, StandardCharsets.US_ASCII);
  }

  private static String ucs4(byte[] chars) throws UnreadableException {
    ByteBuffer units = ByteBuffer.wrap(chars).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder text = new StringBuilder(chars.length / 4);
    while (units.hasRemaining()) {
      int codePoint = units.getInt();
      if (!Character.isValidCodePoint(codePoint)) {
        throw new UnreadableException(String.format("str: invalid code point 0x%x", codePoint));
      }
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }
}
