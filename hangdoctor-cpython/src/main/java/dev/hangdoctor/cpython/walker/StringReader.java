package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a remote {@code str}: compact ASCII, compact Latin-1 / UCS-2 / UCS-4, or the legacy form
 * with a separate data pointer. At most {@link #MAX_CODE_POINTS} code points are read; longer
 * strings are cut there.
 */
final class StringReader {
  static final int MAX_CODE_POINTS = 4096;
  private static final int KIND_SHIFT = 2;
  private static final int KIND_MASK = 7;
  private static final int COMPACT = 0x20;
  private static final int ASCII = 0x40;

  private final RemoteMemory memory;
  private final Layout.ObjectLayout objects;
  private final Types types;

  StringReader(RemoteMemory memory, Layout.ObjectLayout objects, Types types) {
    this.memory = memory;
    this.objects = objects;
    this.types = types;
  }

  String read(long address, String what) throws MemoryReadException, WalkFault {
    types.require(address, Types.Kind.STR, what);
    Block header =
        Block.read(
            memory, address, Math.max(objects.strLength() + 8, objects.strState() + 4), what);
    long length = header.pointer(objects.strLength());
    int state = header.int32(objects.strState());
    int kind = (state >> KIND_SHIFT) & KIND_MASK;
    boolean compact = (state & COMPACT) != 0;
    boolean ascii = (state & ASCII) != 0;
    if (length < 0 || (kind != 1 && kind != 2 && kind != 4) || (ascii && kind != 1)) {
      throw new WalkFault(
          String.format("%s at 0x%x: length %d, state 0x%x", what, address, length, state));
    }
    int count = (int) Math.min(length, MAX_CODE_POINTS);
    long data;
    if (compact) {
      data = address + (ascii ? objects.strAsciiData() : objects.strCompactData());
    } else {
      data = memory.readLong(address + objects.strLegacyData());
      if (data <= 0) {
        throw new WalkFault(String.format("%s at 0x%x: legacy data 0x%x", what, address, data));
      }
    }
    return decode(memory.read(data, count * kind), kind, count, what);
  }

  private static String decode(byte[] bytes, int kind, int count, String what) throws WalkFault {
    switch (kind) {
      case 1:
        return new String(bytes, StandardCharsets.ISO_8859_1);
      case 2:
        return new String(bytes, StandardCharsets.UTF_16LE);
      default:
        int[] codePoints = new int[count];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
          codePoints[i] = buffer.getInt();
          if (!Character.isValidCodePoint(codePoints[i])) {
            throw new WalkFault(what + ": code point " + codePoints[i] + " is not valid");
          }
        }
        return new String(codePoints, 0, count);
    }
  }
}
