package dev.hangdoctor.linux.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real binaries of this machine against {@code readelf} output captured into {@code
 * src/test/resources/elf} (each capture names the sha256 of the file it was taken from).
 */
class ElfFileTest {
  static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3.11");
  static final Path TRUE = Path.of("/bin/true");
  static final Path PYENV_LIBPYTHON_312 =
      Path.of("/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0");
  private static final long CAP = 512L * 1024 * 1024;

  @Test
  void debianPythonIsANonPieExecutableWithThePyRuntimeInItsDynamicSymbols() throws Exception {
    ElfFile elf = capturedBinary(DEBIAN_PYTHON, "dynsym-python3.11.txt");

    assertThat(elf.type()).isEqualTo(ElfType.EXEC);
    assertThat(elf.machine()).isEqualTo(62);
    assertThat(elf.hasStaticSymbols()).as("Debian strips .symtab").isFalse();
    assertThat(elf.symbol("_PyRuntime"))
        .hasValue(new ElfSymbol("_PyRuntime", 0xa5b740L, 0x28b20L, 26));
    assertThat(elf.symbol("Py_Version")).hasValue(new ElfSymbol("Py_Version", 0x8cc3e8L, 8, 16));
    assertThat(elf.section(".PyRuntime"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.index()).isEqualTo(26);
              assertThat(s.address()).isEqualTo(0xa5b740L);
              assertThat(s.offset()).isEqualTo(0x65a740L);
              assertThat(s.size()).isEqualTo(0x28b20L);
            });
    assertThat(elf.firstLoadSegment())
        .hasValueSatisfying(
            load -> {
              assertThat(load.offset()).isZero();
              assertThat(load.virtualAddress()).isEqualTo(0x400000L);
            });
    assertThat(elf.loadSegments()).hasSize(4);
  }

  @Test
  void everyDefinedDynamicSymbolMatchesReadelf() throws Exception {
    for (Map.Entry<Path, String> capture :
        Map.of(DEBIAN_PYTHON, "dynsym-python3.11.txt", TRUE, "dynsym-true.txt").entrySet()) {
      ElfFile elf = capturedBinary(capture.getKey(), capture.getValue());
      List<ReadelfSymbols.Symbol> expected =
          ReadelfSymbols.parse(resource(capture.getValue())).uniqueDefined(".dynsym");

      assertThat(expected).as(capture.getKey().toString()).hasSizeGreaterThan(3);
      for (ReadelfSymbols.Symbol symbol : expected) {
        assertThat(elf.dynamicSymbol(symbol.name()))
            .as(symbol.name() + " in " + capture.getKey())
            .hasValue(
                new ElfSymbol(symbol.name(), symbol.value(), symbol.size(), symbol.section()));
      }
    }
  }

  @Test
  void sectionsMatchReadelf() throws Exception {
    ElfFile elf = capturedBinary(DEBIAN_PYTHON, "headers-python3.11.txt");
    Pattern line =
        Pattern.compile(
            "^\\s*\\[\\s*(\\d+)\\]\\s+(\\S*)\\s+\\S+\\s+([0-9a-f]{16})\\s+([0-9a-f]{6,})\\s+([0-9a-f]{6,})",
            Pattern.MULTILINE);
    Matcher m = line.matcher(resource("headers-python3.11.txt"));
    int count = 0;
    while (m.find()) {
      ElfSection section = elf.sections().get(Integer.parseInt(m.group(1)));
      assertThat(section.name()).isEqualTo(m.group(2));
      assertThat(section.address()).isEqualTo(Long.parseUnsignedLong(m.group(3), 16));
      assertThat(section.offset()).isEqualTo(Long.parseUnsignedLong(m.group(4), 16));
      assertThat(section.size()).isEqualTo(Long.parseUnsignedLong(m.group(5), 16));
      count++;
    }
    assertThat(count).isEqualTo(elf.sections().size()).isGreaterThan(20);
  }

  @Test
  void pyenvLibpythonIsASharedObjectWithBothSymbolTables() throws Exception {
    Tool.PYENV_CPYTHONS.require(Files.isReadable(PYENV_LIBPYTHON_312));
    ElfFile elf = ElfFile.parse(PYENV_LIBPYTHON_312, CAP);

    assertThat(elf.type()).isEqualTo(ElfType.DYN);
    assertThat(elf.hasDynamicSymbols()).isTrue();
    assertThat(elf.hasStaticSymbols()).isTrue();
    ElfSymbol runtime = elf.symbol("_PyRuntime").orElseThrow();
    assertThat(elf.staticSymbol("_PyRuntime")).hasValue(runtime);
    assertThat(elf.section(".PyRuntime").orElseThrow().address()).isEqualTo(runtime.value());
    assertThat(elf.firstLoadSegment().orElseThrow().virtualAddress()).isZero();
  }

  @Test
  void symbolsOfEveryInstalledLibpythonMatchLiveReadelf() throws Exception {
    List<Path> files = new java.util.ArrayList<>(List.of(DEBIAN_PYTHON, TRUE));
    Path versions = Path.of("/root/.pyenv/versions");
    if (Files.isDirectory(versions)) {
      try (var stream = Files.newDirectoryStream(versions, "*")) {
        for (Path version : stream) {
          try (var libs = Files.newDirectoryStream(version.resolve("lib"), "libpython*.so.1.0")) {
            libs.forEach(files::add);
          } catch (NoSuchFileException e) {
            // not a shared build
          }
        }
      }
    }
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        continue;
      }
      ReadelfSymbols readelf = ReadelfSymbols.parse(ReadelfSymbols.run(file));
      ElfFile elf = ElfFile.parse(file, CAP);
      for (String table : List.of(".dynsym", ".symtab")) {
        List<ReadelfSymbols.Symbol> expected = readelf.uniqueDefined(table);
        for (int i = 0; i < expected.size(); i += Math.max(1, expected.size() / 200)) {
          ReadelfSymbols.Symbol symbol = expected.get(i);
          ElfSymbol found =
              (table.equals(".dynsym")
                      ? elf.dynamicSymbol(symbol.name())
                      : elf.staticSymbol(symbol.name()))
                  .orElseThrow(() -> new AssertionError(symbol + " missing from " + file));
          assertThat(found.value()).as(symbol + " in " + file).isEqualTo(symbol.value());
          assertThat(found.sectionIndex()).as(symbol + " in " + file).isEqualTo(symbol.section());
        }
      }
    }
  }

  @Test
  void pathAndBytesGiveTheSameResult() throws Exception {
    ElfFile fromPath = ElfFile.parse(TRUE, CAP);
    ElfFile fromBytes = ElfFile.parse(Files.readAllBytes(TRUE));

    assertThat(fromPath.sections()).isEqualTo(fromBytes.sections());
    assertThat(fromPath.segments()).isEqualTo(fromBytes.segments());
    assertThat(fromPath.headerBytes()).isEqualTo(fromBytes.headerBytes());
    assertThat(fromPath.type()).isEqualTo(ElfType.DYN);
  }

  @Test
  void headerBytesAreTheElfHeaderAndProgramHeaders() throws Exception {
    byte[] file = Files.readAllBytes(TRUE);
    ElfFile elf = ElfFile.parse(file);

    int phdrEnd = 64 + 56 * elf.segments().size();
    assertThat(elf.headerBytes()).isEqualTo(java.util.Arrays.copyOf(file, phdrEnd));
  }

  @Test
  void refusesFilesOverTheCap() {
    assertThatThrownBy(() -> ElfFile.parse(TRUE, 1000))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("more than the limit of 1000");
  }

  @Test
  void nonElfInputIsAFormatError(@TempDir Path dir) throws IOException {
    Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\n" + "x".repeat(100));

    assertThatThrownBy(() -> ElfFile.parse(script, CAP))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("no ELF magic");
    assertThatThrownBy(() -> ElfFile.parse(new byte[10]))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("shorter than an ELF header");
  }

  @Test
  void missingFileIsAnIoError(@TempDir Path dir) {
    assertThatThrownBy(() -> ElfFile.parse(dir.resolve("absent"), CAP))
        .isInstanceOf(NoSuchFileException.class);
  }

  private static ElfFile capturedBinary(Path binary, String capture) throws Exception {
    assumeThat(Files.isReadable(binary)).as(binary + " present").isTrue();
    String header = resource(capture).lines().skip(1).findFirst().orElseThrow();
    assumeThat(header)
        .as("%s is the build the capture was taken from", binary)
        .isEqualTo("# sha256 " + sha256(binary));
    return ElfFile.parse(binary, CAP);
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ElfFileTest.class.getResourceAsStream("/elf/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /elf/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
