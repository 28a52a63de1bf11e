package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads of the target's objects that validate what they return: pointers, sizes, types. */
public final class Remote {
  private static final long USER_SPACE_END = 1L << 47;
  private static final int MAX_READ = 32 << 20;
  private static final int TYPE_OFFSET = 8;
  private static final int TYPE_NAME = 24;
  private static final int MAX_TYPE_NAME = 128;
  private static final int TYPE_NAME_STEP = 16;

  private final RemoteMemory memory;
  private final ObjectLayout layout;

  public Remote(RemoteMemory memory, ObjectLayout layout) {
    this.memory = memory;
    this.layout = layout;
  }

  public ObjectLayout layout() {
    return layout;
  }

  public static boolean isPointer(long address) {
    return address > 0 && address < USER_SPACE_END && (address & 7) == 0;
  }

  /** {@code length} bytes at {@code address}, little-endian. */
  public ByteBuffer bytes(long address, long length, String what) throws UnreadableException {
    if (length < 0 || length > MAX_READ) {
      throw new UnreadableException(what + ": implausible size " + length);
    }
    try {
      return ByteBuffer.wrap(memory.read(address, (int) length)).order(ByteOrder.LITTLE_ENDIAN);
    } catch (MemoryReadException e) {
      throw new UnreadableException(what + ": " + e.getMessage(), e);
    }
  }

  public long word(long address, String what) throws UnreadableException {
    return bytes(address, 8, what).getLong(0);
  }

  public int unsignedByte(long address, String what) throws UnreadableException {
    return bytes(address, 1, what).get(0) & 0xff;
  }

  /** The pointer stored at {@code address}; it must be non-null and aligned. */
  public long pointer(long address, String what) throws UnreadableException {
    long value = word(address, what);
    if (!isPointer(value)) {
      throw new UnreadableException(String.format("%s: 0x%x is not a pointer", what, value));
    }
    return value;
  }

  /** {@code object}'s type pointer. */
  public long typeOf(long object, String what) throws UnreadableException {
    return pointer(object + TYPE_OFFSET, what + " type");
  }

  /** The {@code tp_name} of {@code object}'s type: a C string of at most 128 bytes. */
  public String typeName(long object) throws UnreadableException {
    long type = typeOf(object, "object");
    long name = word(type + TYPE_NAME, "tp_name");
    if (name <= 0 || name >= USER_SPACE_END) {
      throw new UnreadableException(String.format("tp_name: 0x%x is not a pointer", name));
    }
    byte[] text = new byte[MAX_TYPE_NAME];
    for (int offset = 0; offset < MAX_TYPE_NAME; offset += TYPE_NAME_STEP) {
      ByteBuffer bytes = bytes(name + offset, TYPE_NAME_STEP, "tp_name");
      for (int i = 0; i < TYPE_NAME_STEP; i++) {
        byte b = bytes.get(i);
        if (b == 0) {
          return new String(text, 0, offset + i, java.nio.charset.StandardCharsets.UTF_8);
        }
        text[offset + i] = b;
      }
    }
    throw new UnreadableException("tp_name: no NUL");
  }

  public long typeFlags(long type, String what) throws UnreadableException {
    return word(type + layout.typeFlags(), what + " type flags");
  }

  /**
   * Checks that {@code object} is an instance of the type at {@code knownType} (0 when unknown) or
   * of a type whose flags include {@code subclassFlag}.
   */
  public void requireType(long object, long knownType, long subclassFlag, String what)
      throws UnreadableException {
    long type = typeOf(object, what);
    if (type != knownType && (typeFlags(type, what) & subclassFlag) == 0) {
      throw new UnreadableException(String.format("%s at 0x%x has the wrong type", what, object));
    }
  }
}
