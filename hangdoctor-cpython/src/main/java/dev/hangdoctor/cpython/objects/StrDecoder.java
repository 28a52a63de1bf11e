package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Decodes a {@code str} object of at most {@link #MAX_CODE_POINTS} code points. */
public final class StrDecoder {
  public static final int MAX_CODE_POINTS = StrEncoding.MAX_CODE_POINTS;

  private final Remote remote;
  private final long strType;
  private final Map<Long, String> decoded;

  public StrDecoder(Remote remote, long strType) {
    this(remote, strType, null);
  }

  private StrDecoder(Remote remote, long strType, Map<Long, String> decoded) {
    this.remote = remote;
    this.strType = strType;
    this.decoded = decoded;
  }

  /**
   * A decoder that reads each str once and remembers it by address: for one walk only (a str is
   * immutable while it lives, but a freed one's address is reused later). Attribute names and
   * module globals are the same interned strs in every thread of a pool, so a walk of a thousand
   * threads otherwise decodes the same few names tens of thousands of times.
   */
  public static StrDecoder forOneWalk(Remote remote, long strType) {
    return new StrDecoder(remote, strType, new HashMap<>());
  }

  public String decode(long str) throws UnreadableException {
    if (decoded == null) {
      return read(str, -1);
    }
    String known = decoded.get(str);
    if (known == null) {
      known = read(str, -1);
      decoded.put(str, known);
    }
    return known;
  }

  /** Whether {@code str} is a str equal to {@code expected}; reads no characters otherwise. */
  public boolean is(long str, String expected) throws UnreadableException {
    String known = decoded == null ? null : decoded.get(str);
    if (known != null) {
      return expected.equals(known);
    }
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
    Optional<StrEncoding.Shape> shape = StrEncoding.shape(state);
    if (shape.isEmpty() || (shape.get().ascii() && !shape.get().compact())) {
      throw new UnreadableException(String.format("str: implausible state 0x%x", state));
    }
    long data;
    if (shape.get().ascii()) {
      data = str + layout.strAsciiData();
    } else if (shape.get().compact()) {
      data = str + layout.strCompactData();
    } else {
      data = remote.pointer(str + layout.strCompactData(), "str data");
    }
    byte[] chars = new byte[(int) length * shape.get().kind()];
    remote.bytes(data, chars.length, "str characters").get(chars);
    try {
      return StrEncoding.decode(chars, shape.get());
    } catch (IllegalArgumentException e) {
      throw new UnreadableException("str: " + e.getMessage());
    }
  }
}
