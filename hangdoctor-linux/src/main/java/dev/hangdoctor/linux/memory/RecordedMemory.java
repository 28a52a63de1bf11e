package dev.hangdoctor.linux.memory;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory made of recorded regions, for unit tests of anything that walks remote structures: a read
 * succeeds only when it lies entirely inside one region, as on a real process.
 */
public final class RecordedMemory implements RemoteMemory {
  private final TreeMap<Long, byte[]> regions = new TreeMap<>();

  /** Adds (or overwrites) the bytes at {@code address}; regions must not overlap. */
  public RecordedMemory with(long address, byte[] bytes) {
    regions.put(address, bytes.clone());
    return this;
  }

  public Map<Long, byte[]> regions() {
    return Collections.unmodifiableMap(regions);
  }

  @Override
  public byte[] read(long address, int length) throws MemoryReadException {
    Map.Entry<Long, byte[]> region = regions.floorEntry(address);
    if (region == null
        || length < 0
        || address - region.getKey() + length > region.getValue().length) {
      throw new MemoryReadException(
          String.format("reading %d bytes at 0x%x: not recorded", length, address),
          MemoryReadException.Reason.UNMAPPED,
          null);
    }
    int offset = (int) (address - region.getKey());
    byte[] bytes = new byte[length];
    System.arraycopy(region.getValue(), offset, bytes, 0, length);
    return bytes;
  }

  @Override
  public void close() {}
}
