package dev.hangdoctor.cpython.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.LiveTargets;
import dev.hangdoctor.cpython.PythonStackWalker;
import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.LocateResult;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Captures the memory the activity reader reads from {@code activity_target.py} on every CPython
 * found, for the captured-memory tests ({@code ActivityReaderCapturedTest}). Not part of the test
 * run (no {@code Test} suffix); regenerate the captures with
 *
 * <pre>
 * ./mvnw -q -pl hangdoctor-cpython -am test -Dtest=ActivityCapture \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dcapture.dir=$PWD/hangdoctor-cpython/src/test/resources/dev/hangdoctor/cpython/activity
 * </pre>
 */
class ActivityCapture {
  static List<PythonInterpreter> cpythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  void capture(PythonInterpreter python, @TempDir Path dir) throws Exception {
    String into = System.getProperty("capture.dir");
    assertThat(into).as("-Dcapture.dir names where the captures go").isNotNull();
    Path oracle = dir.resolve("oracle.json");
    Path script = Path.of(ActivityCapture.class.getResource("activity_target.py").toURI());
    List<String> command = List.of(python.path().toString(), script.toString(), oracle.toString());
    ProcFs procFs = ProcFs.system();
    try (Target target = Target.start(TargetSpec.command(command));
        ProcMemory live = ProcMemory.open(procFs.root(), (int) target.pid())) {
      int pid = (int) target.pid();
      LocateResult located = new InterpreterLocator(procFs).locate(pid, live);
      RuntimeLocation location = located.location().orElseThrow();
      Map<Integer, String> syscalls = settledSyscalls(procFs, pid);
      MemoryCapture.Recording recording = new MemoryCapture.Recording(live);
      PythonStacks stacks =
          new PythonStackWalker()
              .walk(recording, location, tid -> MemoryCaptureSyscalls.parse(syscalls, tid));
      assertThat(stacks.status()).isEqualTo(PythonStacks.Status.READ);
      MemoryCapture capture =
          new MemoryCapture(
              location,
              syscalls,
              recording.regions(),
              Files.readString(oracle, StandardCharsets.UTF_8).trim());
      capture.write(Path.of(into).resolve("capture-3." + python.minor() + ".txt.gz"));
    }
  }

  /** Every thread's syscall line, once two reads 200 ms apart agree and none is running. */
  private static Map<Integer, String> settledSyscalls(ProcFs procFs, int pid) {
    return Await.value(
        "threads of " + pid + " at rest",
        Duration.ofSeconds(30),
        () -> {
          Map<Integer, String> first = syscalls(procFs, pid);
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
          }
          Map<Integer, String> second = syscalls(procFs, pid);
          boolean rest =
              first.equals(second)
                  && first.size() >= 11
                  && first.values().stream().noneMatch(line -> line.startsWith("running"));
          return rest ? Optional.of(second) : Optional.empty();
        });
  }

  private static Map<Integer, String> syscalls(ProcFs procFs, int pid) {
    Map<Integer, String> lines = new LinkedHashMap<>();
    try {
      for (int tid : procFs.listNumbers(procFs.pidDir(pid).resolve("task"))) {
        lines.put(tid, procFs.readText(procFs.taskDir(pid, tid).resolve("syscall")).trim());
      }
    } catch (ProcReadException e) {
      throw new AssertionError("reading the threads of " + pid, e);
    }
    return lines;
  }
}
