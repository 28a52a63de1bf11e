package dev.hangdoctor.linux.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bytes of another process's address space. Implementations: the live process through {@code
 * /proc/PID/mem} (positioned reads, no pausing) and recorded bytes for tests. Values are
 * little-endian (x86_64).
 */
public interface RemoteMemory extends AutoCloseable {

  /**
   * Exactly {@code length} bytes starting at {@code address}.
   *
   * @throws MemoryReadException when any of them cannot be read
   */
  byte[] read(long address, int length) throws MemoryReadException;

  default long readLong(long address) throws MemoryReadException {
    return ByteBuffer.wrap(read(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  default int readInt(long address) throws MemoryReadException {
    return ByteBuffer.wrap(read(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  default int readUnsignedShort(long address) throws MemoryReadException {
    return ByteBuffer.wrap(read(address, 2)).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
  }

  default int readUnsignedByte(long address) throws MemoryReadException {
    return read(address, 1)[0] & 0xff;
  }

  @Override
  void close();
}
