package dev.hangdoctor.cpython.names;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.LiveTargets;
import dev.hangdoctor.cpython.MiniJson;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the thread names of real CPython processes and compares them with their own view. */
class ThreadNameReaderLiveTest {
  static List<PythonInterpreter> cpythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void readsTheNameOfEveryThreadThatThreadingKnows(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    Path oracleFile = dir.resolve("oracle.json");
    List<String> command =
        List.of(python.path().toString(), script().toString(), oracleFile.toString());
    try (Target target = Target.start(TargetSpec.command(command));
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      Map<Long, String> oracle = new LinkedHashMap<>();
      MiniJson.object(MiniJson.parse(Files.readString(oracleFile, StandardCharsets.US_ASCII)))
          .forEach((ident, name) -> oracle.put(Long.parseUnsignedLong(ident), (String) name));
      assertThat(oracle)
          .as("the target's own view")
          .hasSize(26)
          .containsValues(
              "MainThread",
              "räuber-ü",
              "long-" + "n".repeat(295),
              "名前-スレッド",
              "emoji-\uD83E\uDDF5-thread",
              "renamed-after-start",
              "worker-many-1");
      long interp = address(target, "interp");
      TypeAddresses types =
          new TypeAddresses(
              address(target, "dict_type"),
              address(target, "str_type"),
              address(target, "int_type"));

      Map<Long, String> names = ThreadNameReader.read(memory, interp, python.minor(), types);
      Map<Long, String> structural =
          ThreadNameReader.read(memory, interp, python.minor(), TypeAddresses.unknown());

      assertThat(names).isEqualTo(oracle);
      assertThat(structural).as("with no type addresses").isEqualTo(oracle);
      Map<Long, RegisteredThread> threads =
          ThreadNameReader.readThreads(memory, interp, python.minor(), types);
      assertThat(threads.values())
          .as("the script starts every thread but the main one with daemon=True")
          .allSatisfy(
              thread -> assertThat(thread.daemon()).isEqualTo(!thread.name().equals("MainThread")));
    }
  }

  private static long address(Target target, String key) {
    String value = target.ready().get(key);
    assertThat(value).as("READY " + key).isNotNull().startsWith("0x");
    return Long.parseUnsignedLong(value.substring(2), 16);
  }

  private static Path script() throws Exception {
    URL url = ThreadNameReaderLiveTest.class.getResource("/names/thread_names.py");
    assertThat(url).as("target script on the test classpath").isNotNull();
    return Path.of(url.toURI());
  }
}
