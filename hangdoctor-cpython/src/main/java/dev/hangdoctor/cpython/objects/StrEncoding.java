package dev.hangdoctor.cpython.objects;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a CPython {@code str}'s state word says (bytes per character, compact, ASCII) and how its
 * characters decode: Latin-1, UCS-2 or UCS-4, the same in 3.11 to 3.14. Readers of remote memory
 * use it after fetching the bytes their own way.
 */
public final class StrEncoding {
  /** Longest string hangdoctor decodes, in code points. */
  public static final int MAX_CODE_POINTS = 4096;

  private static final int KIND_SHIFT = 2;
  private static final int KIND_MASK = 7;
  private static final int COMPACT = 0x20;
  private static final int ASCII = 0x40;

  private StrEncoding() {}

  /** The layout of a str's characters: {@code kind} bytes each, inline when {@code compact}. */
  public record Shape(int kind, boolean compact, boolean ascii) {}

  /** The shape the state word gives, or empty when no valid str has that state. */
  public static Optional<Shape> shape(int state) {
    int kind = (state >>> KIND_SHIFT) & KIND_MASK;
    boolean ascii = (state & ASCII) != 0;
    if ((kind != 1 && kind != 2 && kind != 4) || (ascii && kind != 1)) {
      return Optional.empty();
    }
    return Optional.of(new Shape(kind, (state & COMPACT) != 0, ascii));
  }

  /**
   * The text of {@code chars}, {@code shape.kind()} bytes per character.
   *
   * @throws IllegalArgumentException for a non-ASCII byte in an ASCII str or an invalid code point
   */
  public static String decode(byte[] chars, Shape shape) {
    switch (shape.kind()) {
      case 1:
        if (shape.ascii()) {
          for (byte b : chars) {
            if (b < 0) {
              throw new IllegalArgumentException("non-ASCII byte in an ASCII str");
            }
          }
        }
        return new String(chars, StandardCharsets.ISO_8859_1);
      case 2:
        return new String(chars, StandardCharsets.UTF_16LE);
      default:
        ByteBuffer units = ByteBuffer.wrap(chars).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder text = new StringBuilder(chars.length / 4);
        while (units.remaining() >= 4) {
          int codePoint = units.getInt();
          if (!Character.isValidCodePoint(codePoint)) {
            throw new IllegalArgumentException(String.format("invalid code point 0x%x", codePoint));
          }
          text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
  }
}
