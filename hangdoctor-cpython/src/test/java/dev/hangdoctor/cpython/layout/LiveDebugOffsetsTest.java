package dev.hangdoctor.cpython.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.LiveTargets;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code _Py_DebugOffsets} of every real CPython 3.13+ here agree with hangdoctor's table. */
class LiveDebugOffsetsTest {
  private static final String PRINT_RUNTIME =
      "import ctypes, sys, time\n"
          + "addr = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, '_PyRuntime'))\n"
          + "print('READY runtime=%d hexversion=%d' % (addr, sys.hexversion), flush=True)\n"
          + "time.sleep(3600)\n";

  /** The versions that publish {@code _Py_DebugOffsets}; CI requires 3.13 among them. */
  static List<PythonInterpreter> pythons() {
    return LiveTargets.supportedPythons().stream().filter(p -> p.minor() >= 13).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void liveBlockMatchesTheTable(PythonInterpreter python) throws Exception {
    try (Target target =
            Target.start(
                TargetSpec.command(List.of(python.path().toString(), "-c", PRINT_RUNTIME)));
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      RuntimeLocation location =
          new RuntimeLocation(
              Long.parseLong(target.ready().get("runtime")),
              Integer.parseInt(target.ready().get("hexversion")),
              python.path().toString(),
              false,
              0,
              Map.of());
      LayoutChoice choice = Layouts.forRuntime(memory, location);
      assertThat(choice.source()).isEqualTo(LayoutSource.DEBUG_OFFSETS);
      assertThat(choice.layout()).isEqualTo(LayoutTables.forMinor(python.minor()).orElseThrow());
    }
  }
}
