package dev.hangdoctor.cpython.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CPython found on this machine, started for real and located from outside. The oracle is the
 * target itself: it prints the address of its own {@code _PyRuntime} (through ctypes), {@code
 * sys.hexversion} and the {@code id()} of its type objects.
 */
class InterpreterLocatorLiveTest {
  private static final Path PROC = Path.of("/proc");

  /** Prints the oracle; ctypes finds {@code _PyRuntime} in libpython or in the executable. */
  static final String ORACLE =
      String.join(
          "\n",
          "import ctypes, sys, time",
          "try:",
          "    runtime = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, '_PyRuntime'))",
          "except Exception:",
          "    runtime = 0",
          "def gen():",
          "    yield 1",
          "async def coro():",
          "    pass",
          "c = coro()",
          "types = dict(PyCode_Type=type(gen.__code__), PyUnicode_Type=str, PyBytes_Type=bytes,",
          "    PyTuple_Type=tuple, PyDict_Type=dict, PyLong_Type=int, PyModule_Type=type(sys),",
          "    PyGen_Type=type(gen()), PyCoro_Type=type(c))",
          "c.close()",
          "print('READY runtime=%d hex=%d %s' % (runtime, sys.hexversion,",
          "    ' '.join('%s=%d' % (k, id(v)) for k, v in sorted(types.items()))), flush=True)",
          "time.sleep(600)");

  static Stream<PythonInterpreter> cpythons() {
    return Interpreters.cpythons().stream();
  }

  @Test
  void requiredInterpretersArePresentOnCi() {
    List<String> required =
        List.of(
            "/usr/bin/python3.11",
            "/root/.pyenv/versions/3.11.7/",
            "/root/.pyenv/versions/3.12.1/",
            "/root/.pyenv/versions/3.13.0/",
            "/opt/hangdoctor/python3.14/");
    List<String> found = Interpreters.cpythons().stream().map(p -> p.path().toString()).toList();
    for (String prefix : required) {
      boolean present = found.stream().anyMatch(p -> p.startsWith(prefix));
      if (!present && "true".equals(System.getenv("CI"))) {
        fail("CI must have " + prefix + " but found only " + found);
      }
    }
    assertThat(found).as("CPythons on this machine").isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void locatesEveryCpythonOrSaysWhyNot(PythonInterpreter python) {
    InterpreterLocator locator = new InterpreterLocator(ProcFs.system());
    try (Target target = start(python);
        ProcMemory memory = ProcMemory.open(PROC, (int) target.pid())) {
      LocateResult result = locator.locate((int) target.pid(), memory);

      if (python.major() == 3
          && python.minor() >= 11
          && python.minor() <= 14
          && !python.freeThreaded()) {
        assertFound(python, target.ready(), result);
      } else {
        assertThat(result)
            .as("%s", python)
            .isInstanceOfSatisfying(
                LocateResult.Unsupported.class,
                u -> {
                  assertThat(u.version()).startsWith(python.major() + "." + python.minor());
                  assertThat(u.detail())
                      .contains("unsupported CPython " + python.major() + "." + python.minor())
                      .contains("3.11 to 3.14");
                });
      }
    } catch (Exception e) {
      throw new AssertionError(python + ": " + e, e);
    }
  }

  private static void assertFound(
      PythonInterpreter python, Map<String, String> oracle, LocateResult result) {
    assertThat(result).as("%s", python).isInstanceOf(LocateResult.Found.class);
    RuntimeLocation runtime = result.location().orElseThrow();
    assertThat(runtime.runtimeAddress())
        .as("_PyRuntime of %s", python)
        .isEqualTo(Long.parseLong(oracle.get("runtime")));
    assertThat(runtime.versionHex()).isEqualTo(Integer.parseInt(oracle.get("hex")));
    assertThat(runtime.version()).isEqualTo(python.version());
    for (String symbol : InterpreterLocator.TYPE_SYMBOLS) {
      assertThat(runtime.symbols().get(symbol))
          .as("%s of %s", symbol, python)
          .isEqualTo(Long.parseLong(oracle.get(symbol)));
    }
    String path = python.path().toString();
    if (path.startsWith("/root/.pyenv/")) {
      assertThat(runtime.sharedLibrary()).as("pyenv builds use libpython").isTrue();
      assertThat(runtime.binary())
          .endsWith("/lib/libpython" + python.major() + "." + python.minor() + ".so.1.0");
      assertThat(runtime.loadBias()).isNotZero();
    }
    if (path.equals("/usr/bin/python3.11")) {
      assertThat(runtime.sharedLibrary()).as("Debian links libpython statically").isFalse();
      assertThat(runtime.binary()).isEqualTo("/usr/bin/python3.11");
      assertThat(runtime.loadBias()).as("non-PIE").isZero();
    }
  }

  @Test
  void samplingTheSameProcessParsesItsFilesOnce() throws Exception {
    PythonInterpreter python = newestSupported();
    InterpreterLocator locator = new InterpreterLocator(ProcFs.system());
    try (Target target = start(python);
        ProcMemory memory = ProcMemory.open(PROC, (int) target.pid())) {
      RuntimeLocation first = locator.locate((int) target.pid(), memory).location().orElseThrow();
      int parses = locator.parses();
      for (int i = 0; i < 5; i++) {
        assertThat(locator.locate((int) target.pid(), memory).location()).hasValue(first);
      }

      assertThat(parses).isBetween(1, 2);
      assertThat(locator.parses()).isEqualTo(parses);
    }
  }

  @Test
  void aProcessThatIsNotPython() throws Exception {
    InterpreterLocator locator = new InterpreterLocator(ProcFs.system());
    try (Target target =
            Target.start(
                TargetSpec.command(List.of("/bin/sh", "-c", "echo READY; exec sleep 600")));
        ProcMemory memory = ProcMemory.open(PROC, (int) target.pid())) {
      LocateResult result = locator.locate((int) target.pid(), memory);

      assertThat(result)
          .isInstanceOfSatisfying(
              LocateResult.NotPython.class, n -> assertThat(n.detail()).contains("no _PyRuntime"));
    }
  }

  @Test
  void aProcessThatExitedIsUnreadableBecauseItIsGone() throws Exception {
    PythonInterpreter python = newestSupported();
    InterpreterLocator locator = new InterpreterLocator(ProcFs.system());
    Target target = start(python);
    int pid = (int) target.pid();
    try (ProcMemory memory = ProcMemory.open(PROC, pid)) {
      target.close();
      target.process().waitFor();

      LocateResult result = locator.locate(pid, memory);

      assertThat(result)
          .isInstanceOfSatisfying(
              LocateResult.Unreadable.class, u -> assertThat(u.targetExited()).isTrue());
    } finally {
      target.close();
    }
  }

  private static PythonInterpreter newestSupported() {
    return Interpreters.cpythons().stream()
        .filter(p -> p.atLeast(3, 11) && !p.atLeast(3, 15) && !p.freeThreaded())
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no CPython 3.11-3.14 on this machine"));
  }

  private static Target start(PythonInterpreter python) {
    return Target.start(TargetSpec.command(List.of(python.path().toString(), "-c", ORACLE)));
  }
}
