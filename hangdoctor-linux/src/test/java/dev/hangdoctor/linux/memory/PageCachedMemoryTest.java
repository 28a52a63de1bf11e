package dev.hangdoctor.linux.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageCachedMemoryTest {
  private static final long BASE = 0x7f0000000000L;

  /** Two whole pages of bytes 0, 1, 2, … and, further on, a region smaller than a page. */
  private final RecordedMemory recorded =
      new RecordedMemory()
          .with(BASE, counting(2 * PageCachedMemory.PAGE))
          .with(BASE + 16 * PageCachedMemory.PAGE, counting(64));

  /** The reads that reach the memory underneath. */
  private final List<String> reads = new ArrayList<>();

  private final RemoteMemory counted =
      new RemoteMemory() {
        @Override
        public byte[] read(long address, int length) throws MemoryReadException {
          reads.add(Long.toHexString(address) + "+" + length);
          return recorded.read(address, length);
        }

        @Override
        public void close() {}
      };

  private static byte[] counting(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void manySmallReadsOfOnePageReadItOnce() throws Exception {
    try (PageCachedMemory memory = new PageCachedMemory(counted)) {
      assertThat(memory.read(BASE + 16, 4)).containsExactly(16, 17, 18, 19);
      assertThat(memory.readLong(BASE + 8)).isEqualTo(0x0f0e0d0c0b0a0908L);
      assertThat(memory.readInt(BASE + 100)).isEqualTo(0x67666564);

      assertThat(reads).containsExactly(Long.toHexString(BASE) + "+4096");
    }
  }

  @Test
  void aReadAcrossPagesIsJoinedFromBoth() throws Exception {
    try (PageCachedMemory memory = new PageCachedMemory(counted)) {
      long edge = BASE + PageCachedMemory.PAGE - 4;

      assertThat(memory.read(edge, 8)).isEqualTo(recorded.read(edge, 8));
      assertThat(memory.readLong(edge)).isEqualTo(recorded.readLong(edge));
      assertThat(reads).hasSize(2);
    }
  }

  @Test
  void bytesOnAPageThatCannotBeReadWholeAreReadDirectlyWithTheSameErrors() throws Exception {
    try (PageCachedMemory memory = new PageCachedMemory(counted)) {
      long small = BASE + 16 * PageCachedMemory.PAGE;

      assertThat(memory.read(small + 8, 4)).containsExactly(8, 9, 10, 11);
      assertThat(memory.readLong(small)).isEqualTo(recorded.readLong(small));
      assertThatThrownBy(() -> memory.read(small + 60, 8))
          .isInstanceOf(MemoryReadException.class)
          .hasMessageContaining("not recorded");
      assertThatThrownBy(() -> memory.read(0, 8)).isInstanceOf(MemoryReadException.class);
      // the page itself was tried once; every read after that went straight underneath
      assertThat(reads.stream().filter(r -> r.endsWith("+4096"))).hasSize(1);
    }
  }
}
