package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hangdoctor dump} on real Python processes, each CPython on the machine. */
class DumpCommandTest {
  static Stream<PythonInterpreter> supported() {
    return Interpreters.cpythons().stream()
        .filter(p -> p.major() == 3 && p.minor() >= 11 && !p.freeThreaded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supported")
  void dumpShowsNamedThreadsTheirFramesAndKernelWaits(PythonInterpreter python) throws Exception {
    try (Target target = Target.start(TargetSpec.python(python.path(), "threads.py"))) {
      String pipeTid = target.ready().get("pipe_tid");
      String out =
          Await.value(
              "the pipe reader to be idle in os.read",
              Duration.ofSeconds(15),
              () -> {
                CliRun run = CliRun.of("dump", Long.toString(target.pid()));
                return run.exitCode() == 0
                        && java.util.regex.Pattern.compile(
                                "Thread " + pipeTid + " \\[0x[0-9a-f]+\\] \\(idle\\)")
                            .matcher(run.out())
                            .find()
                    ? Optional.of(run.out())
                    : Optional.empty();
              });

      assertThat(out)
          .startsWith("Process " + target.pid() + ": ")
          .contains("Python " + python.major() + "." + python.minor() + ".")
          .containsPattern(
              "Thread "
                  + pipeTid
                  + " \\[0x[0-9a-f]+\\] \\(idle\\): \"pipe-reader\"   S  read\\(fd \\d+: pipe:\\[\\d+\\]\\) in \\w*pipe_read")
          .containsPattern("\\(/.*threads[-\\w]*/threads\\.py:\\d+\\)")
          .contains("\"spinner\"")
          .contains("\"sleeper\"");
    }
  }

  @Test
  void jsonCarriesTheFramesInTheEvidence() throws Exception {
    PythonInterpreter python = supported().findFirst().orElseThrow();
    try (Target target = Target.start(TargetSpec.python(python.path(), "threads.py"))) {
      CliRun run = CliRun.of("dump", Long.toString(target.pid()), "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode python3 =
          JsonRenderer.mapper().readTree(run.out()).get("samples").get(0).get("python");
      assertThat(python3.get("status").asText()).isEqualTo("READ");
      assertThat(python3.get("threads")).hasSizeGreaterThanOrEqualTo(4);
      JsonNode frame = python3.get("threads").get(0).get("frames").get(0);
      assertThat(frame.has("qualifiedName")).isTrue();
      assertThat(frame.get("line").asInt()).isPositive();
    }
  }

  @Test
  void aProcessThatIsNotPythonGetsTheKernelEvidenceAndExit9() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run = CliRun.of("dump", Long.toString(target.pid()));

      assertThat(run.exitCode()).isEqualTo(ExitCode.NO_PYTHON_STACKS.code());
      assertThat(run.err())
          .contains(
              "it is neither a CPython process nor a HotSpot JVM; the kernel evidence is above");
      assertThat(run.out()).contains("THREADS (4)").contains("pipe-reader");
    }
  }

  @Test
  void anOldPythonIsNamedUnsupportedNeverGarbage() throws Exception {
    PythonInterpreter old =
        Tool.CPYTHON_3_10.require(
            Interpreters.cpythons().stream()
                .filter(p -> p.major() == 3 && p.minor() == 10)
                .findFirst());
    try (Target target = Target.start(TargetSpec.python(old.path(), "threads.py"))) {
      CliRun run = CliRun.of("dump", Long.toString(target.pid()));

      assertThat(run.exitCode()).isEqualTo(ExitCode.NO_PYTHON_STACKS.code());
      assertThat(run.err())
          .contains("unsupported CPython 3.10")
          .contains("hangdoctor reads 3.11 to 3.14");
      assertThat(run.out())
          .contains("PYTHON STACKS   Python stacks not read: unsupported CPython 3.10")
          .doesNotContain("Thread ");
    }
  }

  @Test
  void inspectOfAPythonProcessNamesItsThreadsInTheTable() throws Exception {
    PythonInterpreter python = supported().findFirst().orElseThrow();
    try (Target target = Target.start(TargetSpec.python(python.path(), "threads.py"))) {
      CliRun run = CliRun.of("inspect", Long.toString(target.pid()), "--samples", "1");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .containsPattern("(?m)^  " + target.ready().get("sleep_tid") + " +sleeper ");
      assertThat(run.out())
          .contains("PYTHON STACKS   Python " + python.major() + "." + python.minor());
    }
  }
}
