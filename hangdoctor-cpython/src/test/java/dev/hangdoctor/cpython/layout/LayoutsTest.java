package dev.hangdoctor.cpython.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.cpython.fake.CPythonFacts;
import dev.hangdoctor.cpython.fake.FakeCPython;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.locate.SupportedVersions;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RecordedMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutsTest {

  private static LayoutChoice choose(FakeCPython fake) throws Exception {
    return Layouts.forRuntime(fake.memory(), fake.location(false));
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12})
  void beforeThirteenTheTableIsTheOnlySource(int minor) throws Exception {
    LayoutChoice choice = choose(FakeCPython.of(minor));
    assertThat(choice.source()).isEqualTo(LayoutSource.TABLE);
    assertThat(choice.note()).isNull();
    assertThat(choice.layout()).isEqualTo(LayoutTables.forMinor(minor).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(ints = {13, 14})
  void theInterpretersOwnDebugOffsetsAgreeWithTheTable(int minor) throws Exception {
    LayoutChoice choice = choose(FakeCPython.of(minor));
    assertThat(choice.source()).isEqualTo(LayoutSource.DEBUG_OFFSETS);
    assertThat(choice.note()).isNull();
    assertThat(choice.layout()).isEqualTo(LayoutTables.forMinor(minor).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(ints = {13, 14})
  void offsetsThatDifferFromTheTableAreTakenFromTheBlock(int minor) throws Exception {
    CPythonFacts moved =
        CPythonFacts.of(minor)
            .with("interp.threads_head", 7400)
            .with("ts.native_thread_id", 176)
            .with("code.adaptive", 204)
            .with("tuple.items", 28);
    Layout layout = choose(FakeCPython.of(moved)).layout();
    assertThat(layout.interpreter().threadsHead()).isEqualTo(7400);
    assertThat(layout.thread().nativeThreadId()).isEqualTo(176);
    assertThat(layout.code().bytecode()).isEqualTo(204);
    assertThat(layout.objects().tupleItems()).isEqualTo(28);
  }

  @Test
  void everySupportedVersionHasATableAndNoOtherDoes() {
    for (int minor = 0; minor < 30; minor++) {
      assertThat(LayoutTables.forMinor(minor).isPresent())
          .as("a layout table for 3.%d", minor)
          .isEqualTo(SupportedVersions.isSupported(3, minor));
    }
  }

  @Test
  void aCorruptCookieFallsBackToTheTableAndSaysWhy() throws Exception {
    LayoutChoice choice = choose(FakeCPython.of(13).corruptCookie());
    assertThat(choice.source()).isEqualTo(LayoutSource.TABLE);
    assertThat(choice.layout()).isEqualTo(LayoutTables.PY313);
    assertThat(choice.note()).contains("cookie").contains("3.13 table");
  }

  @Test
  void aBlockOfAnotherVersionFallsBackToTheTable() throws Exception {
    LayoutChoice choice = choose(FakeCPython.of(14).debugOffsetsVersion(0x030E00F0L));
    assertThat(choice.source()).isEqualTo(LayoutSource.TABLE);
    assertThat(choice.note()).contains("version 0x30e00f0");
  }

  @Test
  void implausibleSizesFallBackToTheTable() throws Exception {
    LayoutChoice choice = choose(FakeCPython.of(CPythonFacts.of(13).with("frame.owner", 4000)));
    assertThat(choice.source()).isEqualTo(LayoutSource.TABLE);
    assertThat(choice.note()).contains("FRAME_OWNER");
  }

  @Test
  void anUnreadableBlockFallsBackToTheTable() throws Exception {
    FakeCPython fake = FakeCPython.of(14);
    RuntimeLocation elsewhere =
        new RuntimeLocation(0x1000, fake.versionHex(), "python3.14", false, 0, Map.of());
    LayoutChoice choice = Layouts.forRuntime(fake.memory(), elsewhere);
    assertThat(choice.source()).isEqualTo(LayoutSource.TABLE);
    assertThat(choice.layout()).isEqualTo(LayoutTables.PY314);
  }

  @Test
  void aRefusedReadIsNotHiddenByTheFallback() {
    FakeCPython fake = FakeCPython.of(13);
    RemoteMemory refusing =
        new RemoteMemory() {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            throw new MemoryReadException(
                "denied", MemoryReadException.Reason.PERMISSION_DENIED, null);
          }

          @Override
          public void close() {}
        };
    assertThatThrownBy(() -> Layouts.forRuntime(refusing, fake.location(false)))
        .isInstanceOf(MemoryReadException.class);
  }

  @Test
  void aFreeThreadedBuildIsUnsupported() {
    assertThatThrownBy(() -> choose(FakeCPython.of(13).freeThreaded()))
        .isInstanceOf(UnsupportedPythonException.class)
        .hasMessage("unsupported CPython 3.13t (free-threaded build)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x030A0DF0, 0x030F00A1, 0x02070FF0, 0x04000000})
  void versionsOutsideElevenToFourteenAreUnsupported(int versionHex) {
    RuntimeLocation location =
        new RuntimeLocation(FakeCPython.RUNTIME, versionHex, "python", false, 0, Map.of());
    String version = ((versionHex >>> 24) & 0xff) + "." + ((versionHex >>> 16) & 0xff);
    assertThatThrownBy(() -> Layouts.forRuntime(new RecordedMemory(), location))
        .isInstanceOf(UnsupportedPythonException.class)
        .hasMessage("unsupported CPython " + version);
  }
}
