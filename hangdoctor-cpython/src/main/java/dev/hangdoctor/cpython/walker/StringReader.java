package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.objects.StrEncoding;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.Optional;

/**
 * Reads a remote {@code str}: compact ASCII, compact Latin-1 / UCS-2 / UCS-4, or the legacy form
 * with a separate data pointer. At most {@link #MAX_CODE_POINTS} code points are read; longer
 * strings are cut there.
 */
final class StringReader {
  static final int MAX_CODE_POINTS = StrEncoding.MAX_CODE_POINTS;

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
    Optional<StrEncoding.Shape> shape = StrEncoding.shape(state);
    if (length < 0 || shape.isEmpty()) {
      throw new WalkFault(
          String.format("%s at 0x%x: length %d, state 0x%x", what, address, length, state));
    }
    int kind = shape.get().kind();
    int count = (int) Math.min(length, MAX_CODE_POINTS);
    long data;
    if (shape.get().compact()) {
      data = address + (shape.get().ascii() ? objects.strAsciiData() : objects.strCompactData());
    } else {
      data = memory.readLong(address + objects.strLegacyData());
      if (data <= 0) {
        throw new WalkFault(String.format("%s at 0x%x: legacy data 0x%x", what, address, data));
      }
    }
    try {
      return StrEncoding.decode(memory.read(data, count * kind), shape.get());
    } catch (IllegalArgumentException e) {
      throw new WalkFault(what + ": " + e.getMessage());
    }
  }
}
