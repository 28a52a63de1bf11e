package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The bytes of one remote structure, read at once, with little-endian field access. */
final class Block {
  private final long address;
  private final ByteBuffer bytes;

  private Block(long address, byte[] bytes) {
    this.address = address;
    this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Reads {@code length} bytes of the {@code what} at {@code address}, which must be a non-zero,
   * 8-aligned pointer.
   */
  static Block read(RemoteMemory memory, long address, int length, String what)
      throws MemoryReadException, WalkFault {
    Pointers.require(address, what);
    return new Block(address, memory.read(address, length));
  }

  long address() {
    return address;
  }

  long pointer(int offset) {
    return bytes.getLong(offset);
  }

  int int32(int offset) {
    return bytes.getInt(offset);
  }

  int uint8(int offset) {
    return bytes.get(offset) & 0xff;
  }
}
