package dev.hangdoctor.linux.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real binaries corrupted systematically and randomly (fixed seed): truncated at many lengths,
 * header and table bytes flipped, counts, offsets, sizes and links set to huge values. Every case
 * must end in a result or an {@link ElfFormatException}; the bytes are mutated in place and
 * restored, so no case copies a 30 MB file.
 */
class ElfFuzzTest {
  private static final long SEED = 0x5eed_e1fL;
  private static final long[] HUGE = {
    -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0xffff_ffffL, 0x7fff_ffffL, 0x8000_0000L, 0xffffL, 1L << 40
  };

  private int cases;
  private int parsed;

  @Test
  // A hang guard (the parser looping on a corrupted input), not a speed goal.
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void corruptedBinariesGiveAResultOrAFormatError() throws IOException {
    List<Path> binaries = new ArrayList<>();
    for (Path candidate :
        List.of(ElfFileTest.TRUE, ElfFileTest.DEBIAN_PYTHON, ElfFileTest.PYENV_LIBPYTHON_312)) {
      if (Files.isReadable(candidate)) {
        binaries.add(candidate);
      }
    }
    assertThat(binaries).contains(ElfFileTest.TRUE);
    Random random = new Random(SEED);
    for (Path binary : binaries) {
      fuzz(binary, Files.readAllBytes(binary), random);
    }

    assertThat(cases).as("cases run").isGreaterThan(5000);
    assertThat(parsed).as("cases that still parsed").isPositive().isLessThan(cases);
  }

  private void fuzz(Path binary, byte[] bytes, Random random) {
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = le.getLong(32);
    long shoff = le.getLong(40);
    int phnum = le.getShort(56) & 0xffff;
    int shnum = le.getShort(60) & 0xffff;
    String name = binary.getFileName().toString();

    check(name + " intact", bytes, bytes.length);
    for (int length = 0; length <= 256; length++) {
      check(name + " truncated to " + length, bytes, length);
    }
    List<Long> boundaries = new ArrayList<>(List.of(phoff, shoff, shoff + 64L * shnum));
    for (int i = 0; i < shnum; i++) {
      int at = (int) shoff + 64 * i;
      long offset = le.getLong(at + 24);
      boundaries.add(offset);
      boundaries.add(offset + le.getLong(at + 32));
    }
    for (long boundary : boundaries) {
      for (long delta = -2; delta <= 2; delta++) {
        long length = boundary + delta;
        if (length >= 0 && length < bytes.length) {
          check(name + " truncated to " + length, bytes, (int) length);
        }
      }
    }
    for (int i = 0; i < 300; i++) {
      int length = random.nextInt(bytes.length);
      check(name + " truncated to " + length, bytes, length);
    }

    for (int at = 0; at < 64; at++) {
      for (int value : new int[] {0, 0xff, 0x80, random.nextInt(256)}) {
        mutate(name + " header byte " + at + "=" + value, bytes, at, new byte[] {(byte) value});
      }
    }
    for (int field : new int[] {32, 40}) {
      for (long huge : HUGE) {
        mutate(name + " header field " + field + "=" + huge, bytes, field, le64(huge));
      }
    }
    for (int field : new int[] {54, 56, 58, 60, 62}) {
      for (int value : new int[] {0, 1, 0xffff, 0x7fff, shnum, shnum + 1, phnum + 1}) {
        mutate(name + " header field " + field + "=" + value, bytes, field, le16(value));
      }
    }

    int[] phFields = {0, 4, 8, 16, 24, 32, 40, 48};
    for (int i = 0; i < phnum; i++) {
      for (int field : phFields) {
        int at = (int) phoff + 56 * i + field;
        for (long huge : HUGE) {
          mutate(name + " phdr " + i + "+" + field + "=" + huge, bytes, at, slot(field, huge));
        }
      }
    }
    int[] shFields = {0, 4, 8, 16, 24, 32, 40, 44, 48, 56};
    for (int i = 0; i < shnum; i++) {
      for (int field : shFields) {
        int at = (int) shoff + 64 * i + field;
        for (long huge : new long[] {HUGE[0], HUGE[1], HUGE[3], HUGE[5], shnum, bytes.length}) {
          mutate(name + " shdr " + i + "+" + field + "=" + huge, bytes, at, slot(field, huge));
        }
      }
    }

    int tablesStart = (int) Math.min(shoff, phoff);
    for (int i = 0; i < 1500; i++) {
      int at =
          random.nextBoolean()
              ? (int) shoff + random.nextInt(64 * shnum)
              : random.nextInt(Math.max(1, bytes.length - 8));
      byte[] noise = new byte[1 + random.nextInt(8)];
      random.nextBytes(noise);
      mutate(name + " random " + noise.length + " bytes at " + at, bytes, at, noise);
    }
    for (int i = 0; i < 200; i++) {
      int at = random.nextInt(Math.max(1, tablesStart));
      mutate(name + " random byte at " + at, bytes, at, new byte[] {(byte) random.nextInt(256)});
    }
  }

  private void mutate(String description, byte[] bytes, int at, byte[] patch) {
    if (at < 0 || at + patch.length > bytes.length) {
      return;
    }
    byte[] saved = new byte[patch.length];
    System.arraycopy(bytes, at, saved, 0, patch.length);
    System.arraycopy(patch, 0, bytes, at, patch.length);
    try {
      check(description, bytes, bytes.length);
    } finally {
      System.arraycopy(saved, 0, bytes, at, saved.length);
    }
  }

  private void check(String description, byte[] bytes, int length) {
    cases++;
    try {
      ElfFile elf = ElfFile.parse(ByteBuffer.wrap(bytes, 0, length));
      elf.symbol("_PyRuntime");
      elf.symbol("no_such_symbol_anywhere");
      elf.section(".PyRuntime");
      elf.firstLoadSegment();
      elf.loadSegments();
      elf.headerBytes();
      elf.toString();
      parsed++;
    } catch (ElfFormatException e) {
      assertThat(e.getMessage()).as(description).isNotBlank();
    } catch (RuntimeException | Error e) {
      throw new AssertionError(description + ": " + e, e);
    }
  }

  private static byte[] slot(int field, long value) {
    return field == 0 || field == 4 || field == 40 || field == 44 ? le32(value) : le64(value);
  }

  private static byte[] le64(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private static byte[] le32(long value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
  }

  private static byte[] le16(int value) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array();
  }
}
