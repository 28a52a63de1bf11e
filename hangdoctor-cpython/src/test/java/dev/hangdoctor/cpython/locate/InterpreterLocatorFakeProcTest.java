package dev.hangdoctor.cpython.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.elf.ElfFile;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.RecordedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locator against a made-up {@code /proc} tree and recorded memory, around the real pyenv
 * 3.13.0 libpython: free-threaded and replaced files, foreign versions and bad debug headers, which
 * no interpreter on this machine produces.
 */
class InterpreterLocatorFakeProcTest {
  private static final Path LIBPYTHON =
      Path.of("/root/.pyenv/versions/3.13.0/lib/libpython3.13.so.1.0");
  private static final int PID = 4242;
  private static final long BASE = 0x7f00_0000_0000L;
  private static final int V3_13_0 = 0x030d00f0;

  @TempDir Path tmp;
  private Path pidDir;
  private ElfFile elf;
  private long runtimeValue;
  private long versionValue;

  @BeforeEach
  void tree() throws Exception {
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(Files.isReadable(LIBPYTHON)).as(LIBPYTHON + " present").isTrue();
    }
    elf = ElfFile.parse(LIBPYTHON, Long.MAX_VALUE);
    runtimeValue = elf.symbol("_PyRuntime").orElseThrow().value();
    versionValue = elf.symbol("Py_Version").orElseThrow().value();
    pidDir = Files.createDirectories(tmp.resolve("proc").resolve(Integer.toString(PID)));
    Files.createSymbolicLink(pidDir.resolve("exe"), Path.of("/opt/py/bin/python3-embedder"));
    Files.createSymbolicLink(
        pidDir.resolve("root"), Files.createDirectories(tmp.resolve("rootfs")));
  }

  private LocateResult locate(String libName, boolean deleted, RecordedMemory memory)
      throws Exception {
    String path = "/opt/py/lib/" + libName;
    Files.writeString(
        pidDir.resolve("maps"),
        "55d000000000-55d000001000 r--p 00000000 fe:00 11 /opt/py/bin/python3-embedder\n"
            + "7f0000000000-7f0000100000 r--p 00000000 fe:00 12345 "
            + path
            + (deleted ? " (deleted)\n" : "\n")
            + "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n");
    if (deleted) {
      Path mapFiles = Files.createDirectories(pidDir.resolve("map_files"));
      Files.createSymbolicLink(mapFiles.resolve("7f0000000000-7f0000100000"), LIBPYTHON);
    } else {
      Path inRoot = tmp.resolve("rootfs").resolve(path.substring(1));
      Files.createDirectories(inRoot.getParent());
      Files.createSymbolicLink(inRoot, LIBPYTHON);
    }
    return new InterpreterLocator(new ProcFs(tmp.resolve("proc"))).locate(PID, memory);
  }

  private RecordedMemory memory(
      int pyVersion, String cookie, long debugVersion, long freeThreaded) {
    ByteBuffer debug = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    debug
        .put(cookie.getBytes(StandardCharsets.US_ASCII))
        .putLong(debugVersion)
        .putLong(freeThreaded);
    return new RecordedMemory()
        .with(BASE, elf.headerBytes())
        .with(BASE + versionValue, le64(pyVersion))
        .with(BASE + runtimeValue, debug.array());
  }

  private RecordedMemory gilBuild() {
    return memory(V3_13_0, "xdebugpy", V3_13_0, 0);
  }

  @Test
  void sharedLibpythonIsFoundAtItsMappingPlusTheSymbol() throws Exception {
    LocateResult result = locate("libpython3.13.so.1.0", false, gilBuild());

    RuntimeLocation runtime = result.location().orElseThrow();
    assertThat(runtime.runtimeAddress()).isEqualTo(BASE + runtimeValue);
    assertThat(runtime.loadBias()).isEqualTo(BASE);
    assertThat(runtime.version()).isEqualTo("3.13.0");
    assertThat(runtime.binary()).isEqualTo("/opt/py/lib/libpython3.13.so.1.0");
    assertThat(runtime.sharedLibrary()).isTrue();
    assertThat(runtime.symbols())
        .containsEntry("PyCode_Type", BASE + elf.symbol("PyCode_Type").orElseThrow().value())
        .containsOnlyKeys(InterpreterLocator.TYPE_SYMBOLS);
  }

  @Test
  void aDeletedLibraryIsReadThroughMapFiles() throws Exception {
    LocateResult result = locate("libpython3.13.so.1.0", true, gilBuild());

    assertThat(result.location().orElseThrow().runtimeAddress()).isEqualTo(BASE + runtimeValue);
  }

  @Test
  void freeThreadedByFileName() throws Exception {
    LocateResult result = locate("libpython3.13t.so.1.0", false, gilBuild());

    assertThat(result)
        .isEqualTo(
            new LocateResult.Unsupported(
                "3.13.0t (free-threaded)",
                "unsupported CPython 3.13.0t (free-threaded): hangdoctor reads 3.11 to 3.14"));
  }

  @Test
  void freeThreadedByTheDebugOffsets() throws Exception {
    LocateResult result =
        locate("libpython3.13.so.1.0", false, memory(V3_13_0, "xdebugpy", V3_13_0, 1));

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unsupported.class,
            u -> assertThat(u.version()).isEqualTo("3.13.0t (free-threaded)"));
  }

  @Test
  void debugBuildByFileName() throws Exception {
    LocateResult result = locate("libpython3.13d.so.1.0", false, gilBuild());

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unsupported.class,
            u -> assertThat(u.version()).isEqualTo("3.13.0d (debug build)"));
  }

  @Test
  void aNewerVersionIsUnsupportedWithItsExactVersion() throws Exception {
    int v3150a1 = 0x030f00a1;
    LocateResult result =
        locate("libpython3.15.so.1.0", false, memory(v3150a1, "xdebugpy", v3150a1, 0));

    assertThat(result)
        .isEqualTo(
            new LocateResult.Unsupported(
                "3.15.0a1", "unsupported CPython 3.15.0a1: hangdoctor reads 3.11 to 3.14"));
  }

  @Test
  void missingCookieIsUnreadable() throws Exception {
    LocateResult result =
        locate("libpython3.13.so.1.0", false, memory(V3_13_0, "garbage!", V3_13_0, 0));

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unreadable.class,
            u -> {
              assertThat(u.reason()).isEqualTo(EvidenceGap.Reason.UNREADABLE);
              assertThat(u.detail()).contains("xdebugpy");
            });
  }

  @Test
  void debugOffsetsVersionMustAgreeWithPyVersion() throws Exception {
    LocateResult result =
        locate("libpython3.13.so.1.0", false, memory(V3_13_0, "xdebugpy", 0x030d0ff0, 0));

    assertThat(result).isInstanceOf(LocateResult.Unreadable.class);
    assertThat(((LocateResult.Unreadable) result).detail()).contains("0x30d0ff0");
  }

  @Test
  void pyVersionMustAgreeWithTheFileName() throws Exception {
    int v3120 = 0x030c00f0;
    LocateResult result =
        locate("libpython3.13.so.1.0", false, memory(v3120, "xdebugpy", v3120, 0));

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unreadable.class,
            u -> assertThat(u.detail()).contains("says 3.12.0 but the file is"));
  }

  @Test
  void aFileThatDiffersFromTheMappedOneIsNotTrusted() throws Exception {
    RecordedMemory memory = gilBuild();
    byte[] otherHeader = elf.headerBytes();
    otherHeader[40] ^= 1;
    memory.with(BASE, otherHeader);

    LocateResult result = locate("libpython3.13.so.1.0", false, memory);

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unreadable.class, u -> assertThat(u.detail()).contains("replaced"));
  }

  @Test
  void unmappedPyVersionIsUnreadableNotACrash() throws Exception {
    RecordedMemory memory = new RecordedMemory().with(BASE, elf.headerBytes());

    LocateResult result = locate("libpython3.13.so.1.0", false, memory);

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unreadable.class,
            u -> assertThat(u.reason()).isEqualTo(EvidenceGap.Reason.UNREADABLE));
  }

  @Test
  void noLibpythonAndAnUnreadableExecutableIsNotPython() throws Exception {
    Files.writeString(
        pidDir.resolve("maps"),
        "7f0000000000-7f0000100000 r--p 00000000 fe:00 1 /usr/lib/libc.so.6\n");

    LocateResult result =
        new InterpreterLocator(new ProcFs(tmp.resolve("proc"))).locate(PID, new RecordedMemory());

    assertThat(result).isInstanceOf(LocateResult.NotPython.class);
  }

  @Test
  void aVanishedProcessIsTargetExited() {
    LocateResult result =
        new InterpreterLocator(new ProcFs(tmp.resolve("proc")))
            .locate(999999, new RecordedMemory());

    assertThat(result)
        .isInstanceOfSatisfying(
            LocateResult.Unreadable.class, u -> assertThat(u.targetExited()).isTrue());
  }

  private static byte[] le64(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }
}
