package dev.hangdoctor.linux.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /proc/PID/maps} text captured from a pyenv CPython 3.12 (see capture-maps.py). */
class MemoryMapParserTest {

  private static String captured() throws IOException {
    try (InputStream in =
        MemoryMapParserTest.class.getResourceAsStream("/memory/maps-python3.12-pyenv.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyLineOfARealCaptureIsParsed() throws IOException {
    String text = captured();
    List<MemoryMapping> mappings = MemoryMapParser.parse(text);

    assertThat(mappings).hasSize((int) text.lines().count()).hasSize(96);
  }

  @Test
  void fileMappingCarriesItsColumns() throws IOException {
    MemoryMapping first = MemoryMapParser.parse(captured()).get(0);

    assertThat(first)
        .isEqualTo(
            new MemoryMapping(
                0x561ecf44c000L,
                0x561ecf44d000L,
                "r--p",
                0,
                "fe:00",
                73259,
                "/root/.pyenv/versions/3.12.1/bin/python3.12",
                false));
    assertThat(first.isFile()).isTrue();
    assertThat(first.executable()).isFalse();
  }

  @Test
  void libpythonSegmentsKeepTheirFileOffsets() throws IOException {
    List<MemoryMapping> libpython =
        MemoryMapParser.parse(captured()).stream()
            .filter(m -> m.path().endsWith("/libpython3.12.so.1.0"))
            .toList();

    assertThat(libpython)
        .extracting(MemoryMapping::offset)
        .containsExactly(0L, 0x106000L, 0x379000L, 0x4cc000L, 0x543000L);
    assertThat(libpython.get(0).start()).isEqualTo(0x7f9df8e00000L);
    assertThat(libpython.get(1).executable()).isTrue();
  }

  @Test
  void pathsWithSpacesAreKeptWhole() throws IOException {
    assertThat(MemoryMapParser.parse(captured()))
        .filteredOn(m -> m.path().endsWith("file with spaces.bin"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path()).matches("/tmp/maps capture \\w+/file with spaces\\.bin");
              assertThat(m.deleted()).isFalse();
              assertThat(m.permissions()).isEqualTo("r--s");
            });
  }

  @Test
  void deletedSuffixIsStrippedAndFlagged() throws IOException {
    assertThat(MemoryMapParser.parse(captured()))
        .filteredOn(MemoryMapping::deleted)
        .singleElement()
        .satisfies(m -> assertThat(m.path()).matches("/tmp/maps capture \\w+/gone\\.bin"));
  }

  @Test
  void pseudoAndAnonymousRegions() throws IOException {
    List<MemoryMapping> mappings = MemoryMapParser.parse(captured());

    assertThat(mappings)
        .extracting(MemoryMapping::path)
        .contains("[heap]", "[stack]", "[vdso]", "[vvar]", "[vsyscall]", "");
    assertThat(mappings)
        .filteredOn(m -> m.path().isEmpty())
        .allSatisfy(
            m -> {
              assertThat(m.inode()).isZero();
              assertThat(m.isFile()).isFalse();
            });
    MemoryMapping vsyscall = mappings.get(mappings.size() - 1);
    assertThat(vsyscall.start()).isEqualTo(0xffffffffff600000L);
    assertThat(vsyscall.size()).isEqualTo(0x1000);
  }

  @Test
  void aFileNamedLikeTheSuffixInsideThePathIsNotDeleted() {
    MemoryMapping mapping =
        MemoryMapParser.parseLine(
            "7f0000000000-7f0000001000 r--p 00000000 fe:00 12 /tmp/a (deleted) b");

    assertThat(mapping.deleted()).isFalse();
    assertThat(mapping.path()).isEqualTo("/tmp/a (deleted) b");
  }

  @Test
  void malformedLinesNameTheLine() {
    assertThatThrownBy(() -> MemoryMapParser.parse("7f00-7f01 r--p 0 fe:00 1 /x\nnonsense\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> MemoryMapParser.parseLine("7f00-7f01 r--p 0 fe:00"))
        .hasMessageContaining("too few columns");
    assertThatThrownBy(() -> MemoryMapParser.parseLine("7f01-7f00 r--p 0 fe:00 1"))
        .hasMessageContaining("ends before");
    assertThatThrownBy(() -> MemoryMapParser.parseLine("zz-7f00 r--p 0 fe:00 1"))
        .hasMessageContaining("not a hex number");
  }

  @Test
  void emptyTextHasNoMappings() {
    assertThat(MemoryMapParser.parse("")).isEmpty();
  }
}
