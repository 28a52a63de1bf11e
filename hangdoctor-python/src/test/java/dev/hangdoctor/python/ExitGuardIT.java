package dev.hangdoctor.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.DefaultSigint;
import dev.hangdoctor.testkit.PythonInterpreter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hangdoctor_guard.install()} in real applications on every CPython 3.11+ found: one whose
 * Ctrl+C hangs (the test sends SIGINT once the application says it is ready), one whose main ends
 * with a worker left behind, and one that exits normally.
 */
class ExitGuardIT {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  static List<PythonInterpreter> pythons() {
    return PythonEnvironments.pythons();
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void aCtrlCThatHangsIsDiagnosedAndExits130(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    try (Processes.Running app = start(python, dir, "stuck_at_ctrl_c.py", "3")) {
      app.awaitLine("ready", LIMIT);
      Processes.Finished kill =
          Processes.run(
              List.of("kill", "-INT", Long.toString(app.pid())), dir, Processes.noEnv(), LIMIT);
      assertThat(kill.status()).as(kill.output()).isZero();

      Processes.Finished end = app.await(LIMIT);

      assertThat(end.status()).as(end.output()).isEqualTo(130);
      assertThat(end.output())
          .contains("hangdoctor_guard: the process did not exit within 3s of SIGINT (Ctrl+C)")
          .contains("HANG: blocking network read without a timeout in thread \"fetcher_0\"")
          .contains("at fetch_prices (" + dir.resolve("stuck_at_ctrl_c.py").toRealPath() + ":16)")
          .contains("fix: Add a timeout to the call")
          .contains("hangdoctor_guard: exiting with status 130 (os._exit)");
    }
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void aMainThatEndsWithAWorkerLeftBehindKeepsItsExitStatus(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    try (Processes.Running app = start(python, dir, "stuck_at_exit.py", "3")) {
      Processes.Finished end = app.await(LIMIT);

      assertThat(end.status()).as(end.output()).isEqualTo(3);
      assertThat(end.output())
          .contains("main is done")
          .contains("did not exit within 3s of the end of the main thread")
          .contains("[exit-joins-threads]")
          .contains("thread 'left-behind_0'")
          .contains("exiting with status 3 (os._exit)");
    }
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void anApplicationThatExitsNormallyIsLeftAlone(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    try (Processes.Running app = start(python, dir, "exits_normally.py")) {
      Processes.Finished end = app.await(LIMIT);

      assertThat(end.status()).as(end.output()).isZero();
      assertThat(end.output()).isEqualTo("sum 6\n");
    }
  }

  static Processes.Running start(PythonInterpreter python, Path dir, String app, String... args)
      throws Exception {
    Path venvPython = PythonEnvironments.venvPython(python);
    PytestPluginIT.copy(app, dir);
    // SIGINT at its default, as a terminal gives it: a build started in the background passes it
    // on ignored, and CPython then never raises KeyboardInterrupt
    List<String> command = new ArrayList<>(List.of(venvPython.toString(), app));
    command.addAll(List.of(args));
    return Processes.start(DefaultSigint.command(command), dir, PytestPluginIT.environment());
  }
}
