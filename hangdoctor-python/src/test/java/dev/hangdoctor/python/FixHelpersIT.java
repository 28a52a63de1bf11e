package dev.hangdoctor.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.PythonInterpreter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fix helpers on real blocking calls (workers in recv() on a server that never answers, a wait
 * for an event nobody sets), on every CPython 3.11+ found.
 */
class FixHelpersIT {
  static List<PythonInterpreter> pythons() {
    return PythonEnvironments.pythons();
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void theExecutorAndTheBlockingCallKeepTheirDeadlines(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    try (Processes.Running app = ExitGuardIT.start(python, dir, "fix_helpers.py")) {
      Processes.Finished end = app.await(Duration.ofMinutes(3));

      assertThat(end.status()).as(end.output()).isZero();
      assertThat(end.output())
          .contains("hangdoctor WARNING executor workers still running 1s after shutdown: fetcher_")
          .contains("[blocking-network-read]")
          .contains("at fetch (" + dir.resolve("fix_helpers.py").toRealPath() + ":17)")
          .contains("left the block; queued work cancelled: True")
          .contains(
              "run_blocking timed out: Event.wait did not return within 1s; it goes on in daemon"
                  + " thread 'run_blocking(Event.wait)'")
          .contains("run_blocking returned 42")
          .contains("run_blocking raised ValueError")
          .endsWith("done\n");
    }
  }
}
