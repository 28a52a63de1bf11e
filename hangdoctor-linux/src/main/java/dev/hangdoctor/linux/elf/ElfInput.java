package dev.hangdoctor.linux.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Where the parser gets bytes: ranges are checked against {@link #size()} before any read. */
abstract class ElfInput {
  private final long size;

  ElfInput(long size) {
    this.size = size;
  }

  final long size() {
    return size;
  }

  /**
   * A little-endian buffer of exactly {@code length} bytes at {@code offset}, already checked. I/O
   * failures of a file come out as {@link UncheckedIOException}, unwrapped by {@link ElfFile}.
   */
  abstract ByteBuffer read(long offset, int length) throws ElfFormatException;

  static ElfInput of(ByteBuffer buffer) {
    ByteBuffer whole = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    return new ElfInput(whole.remaining()) {
      @Override
      ByteBuffer read(long offset, int length) {
        return whole.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
      }
    };
  }

  static ElfInput of(FileChannel channel, String origin) throws IOException {
    return new ElfInput(channel.size()) {
      @Override
      ByteBuffer read(long offset, int length) throws ElfFormatException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
              throw new ElfFormatException(origin + ": the file shrank while it was being read");
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
      }
    };
  }
}
