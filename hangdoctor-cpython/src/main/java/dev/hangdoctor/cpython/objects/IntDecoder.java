package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import java.nio.ByteBuffer;

/**
 * Decodes an {@code int} object whose magnitude fits in 64 bits, the range of {@code
 * threading.get_ident()}. Magnitudes from 2^63 to 2^64-1 come back as negative {@code long}s
 * (unsigned bits, as {@link Long#toUnsignedString(long)} shows them).
 */
public final class IntDecoder {
  private static final int MAX_DIGITS = 3;
  private static final long DIGIT_MASK = (1L << ObjectLayouts.INT_DIGIT_BITS) - 1;
  private static final int SIGN_ZERO = 1;
  private static final int SIGN_NEGATIVE = 2;

  private final Remote remote;
  private final long intType;

  public IntDecoder(Remote remote, long intType) {
    this.remote = remote;
    this.intType = intType;
  }

  public long decode(long object) throws UnreadableException {
    if (!Remote.isPointer(object)) {
      throw new UnreadableException(String.format("int: 0x%x is not a pointer", object));
    }
    remote.requireType(object, intType, ObjectLayouts.TPFLAGS_LONG_SUBCLASS, "int");
    ObjectLayout layout = remote.layout();
    long size = remote.word(object + layout.intSize(), "int size");
    boolean negative;
    long digitCount;
    if (layout.intTagged()) {
      int sign = (int) (size & ObjectLayouts.INT_TAG_SIGN_MASK);
      if (sign == SIGN_ZERO) {
        return 0;
      }
      if (sign > SIGN_NEGATIVE) {
        throw new UnreadableException(String.format("int: invalid lv_tag 0x%x", size));
      }
      negative = sign == SIGN_NEGATIVE;
      digitCount = size >>> ObjectLayouts.INT_TAG_SIZE_SHIFT;
    } else {
      negative = size < 0;
      digitCount = Math.abs(size);
    }
    if (digitCount > MAX_DIGITS) {
      throw new UnreadableException("int: " + digitCount + " digits exceed 64 bits");
    }
    ByteBuffer digits = remote.bytes(object + layout.intDigits(), 4 * digitCount, "int digits");
    long magnitude = 0;
    for (int i = (int) digitCount - 1; i >= 0; i--) {
      long digit = digits.getInt(4 * i) & 0xffffffffL;
      if (digit > DIGIT_MASK || (magnitude >>> (64 - ObjectLayouts.INT_DIGIT_BITS)) != 0) {
        throw new UnreadableException("int: digit out of range or value exceeds 64 bits");
      }
      magnitude = (magnitude << ObjectLayouts.INT_DIGIT_BITS) | digit;
    }
    if (negative && magnitude < 0) {
      throw new UnreadableException("int: negative value exceeds 64 bits");
    }
    return negative ? -magnitude : magnitude;
  }
}
