package dev.hangdoctor.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.PythonInterpreter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real pytest sessions with the plugin installed by {@code pip install python/}, on every CPython
 * 3.11+ found, whose tests hang for real: each hang is diagnosed by this build's CLI and the
 * verdict lands in the failure report, the junit XML and the terminal summary, while every other
 * test's report is kept. The hang timeouts are the tests' own trigger (the plugin under test acts
 * when they pass), so the targets need no other readiness handshake.
 */
class PytestPluginIT {
  /** Guards against a hung pytest session, not a time budget: the runs take seconds. */
  private static final Duration LIMIT = Duration.ofMinutes(5);

  /** The plugin's status for a hang it could not interrupt (hangdoctor_pytest.HANG_EXIT_STATUS). */
  private static final int HANG_EXIT_STATUS = 7;

  static List<PythonInterpreter> pythons() {
    return PythonEnvironments.pythons();
  }

  /** The newest CPython only, for what does not depend on the interpreter (keeps CI short). */
  static List<PythonInterpreter> newestPython() {
    List<PythonInterpreter> all = PythonEnvironments.pythons();
    return List.of(all.get(all.size() - 1));
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void hangsPythonCanInterruptFailTheirTestAndTheSessionGoesOn(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    Processes.Finished run =
        pytest(python, dir, "test_hangs.py", "--hang-timeout=3", "--hang-report-dir=reports");

    assertThat(run.status()).as(run.output()).isEqualTo(1); // tests failed, the session went on
    var cases = JunitXml.read(dir.resolve("junit.xml"));
    assertThat(cases.keySet())
        .as(run.output())
        .containsExactly(
            "test_passes_first",
            "test_recv_without_timeout",
            "test_passes_between",
            "test_lock_order_deadlock",
            "test_fixture_stuck_in_teardown",
            "test_marker_turns_it_off",
            "test_passes_last");
    for (String passing :
        List.of(
            "test_passes_first",
            "test_passes_between",
            "test_marker_turns_it_off",
            "test_passes_last")) {
      assertThat(cases.get(passing).passed()).as(passing + "\n" + run.output()).isTrue();
      assertThat(cases.get(passing).properties()).as(passing).isEmpty();
    }
    assertHung(
        cases.get("test_recv_without_timeout"),
        "call",
        "blocking-network-read",
        "test_recv_without_timeout");
    assertHung(
        cases.get("test_lock_order_deadlock"), "call", "lock-deadlock", "test_lock_order_deadlock");
    assertHung(
        cases.get("test_fixture_stuck_in_teardown"),
        "teardown",
        "test-fixture-stuck",
        "cleanup_that_waits_forever");
    // the failure report and the terminal summary name the cause and the fix
    assertThat(run.output())
        .contains("HangTimeout: test_hangs.py::test_recv_without_timeout (call) hung")
        .contains("HANG: blocking network read without a timeout in thread \"MainThread\"")
        .contains("hangdoctor: 3 hung")
        .contains(
            "fix: Add a timeout to the call at "
                + dir.resolve("test_hangs.py").toRealPath()
                + ":15");
    try (Stream<Path> reports = Files.list(dir.resolve("reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .contains(
              "test_hangs.py_test_recv_without_timeout-call.txt",
              "test_hangs.py_test_recv_without_timeout-call.json",
              "test_hangs.py_test_fixture_stuck_in_teardown-teardown.txt");
    }
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void aTestStuckInCEndsTheSessionWithTheReportsOfEveryTestThatRan(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    Processes.Finished run =
        pytest(python, dir, "test_stuck_in_c.py", "--hang-timeout=3", "--hang-interrupt-grace=2");

    assertThat(run.status()).as(run.output()).isEqualTo(HANG_EXIT_STATUS);
    var cases = JunitXml.read(dir.resolve("junit.xml"));
    assertThat(cases.keySet())
        .as(run.output())
        .containsExactly("test_passes_first", "test_mutex_locked_twice");
    assertThat(cases.get("test_passes_first").passed()).isTrue();
    assertHung(
        cases.get("test_mutex_locked_twice"), "call", "self-deadlock", "test_mutex_locked_twice");
    assertThat(cases.get("test_mutex_locked_twice").problem())
        .contains("did not give way to an interrupt");
    assertThat(run.output())
        .contains("hangdoctor: 1 hung")
        .contains("1 failed, 1 passed")
        .contains("could not be interrupted; exiting with status " + HANG_EXIT_STATUS);
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void aHangAtInterpreterExitIsDiagnosedAfterTheReportsAreWritten(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    Processes.Finished run = pytest(python, dir, "test_exit_hang.py", "--hang-timeout=3");

    assertThat(run.status()).as(run.output()).isEqualTo(HANG_EXIT_STATUS);
    var cases = JunitXml.read(dir.resolve("junit.xml"));
    assertThat(cases.values()).as(run.output()).hasSize(2).allMatch(JunitXml.TestCase::passed);
    assertThat(run.output())
        .contains("2 passed")
        .contains("did not exit within 3s of the end of the test session")
        .contains("[exit-joins-threads]")
        .contains("left-behind_0")
        .contains("exiting with status " + HANG_EXIT_STATUS);
  }

  @ParameterizedTest
  @MethodSource("pythons")
  void underXdistTheWorkerDiagnosesItsHangAndTheOthersGoOn(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    PythonEnvironments.assumeModules(python, "xdist");
    Processes.Finished run = pytest(python, dir, "test_xdist.py", "-n", "2", "--hang-timeout=3s");

    assertThat(run.status()).as(run.output()).isEqualTo(1);
    var cases = JunitXml.read(dir.resolve("junit.xml"));
    assertThat(cases).as(run.output()).hasSize(5);
    assertThat(cases.values().stream().filter(JunitXml.TestCase::passed)).hasSize(4);
    assertHung(
        cases.get("test_recv_without_timeout"),
        "call",
        "blocking-network-read",
        "test_recv_without_timeout");
    assertThat(run.output()).contains("hangdoctor: 1 hung").contains("1 failed, 4 passed");
  }

  @ParameterizedTest
  @MethodSource("newestPython")
  void besidePytestTimeoutTheShorterHangTimeoutDiagnosesFirst(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    PythonEnvironments.assumeModules(python, "pytest_timeout");
    Processes.Finished run =
        pytest(python, dir, "test_xdist.py", "--timeout=300", "--hang-timeout=3");

    assertThat(run.status()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("timeout: 300.0s").contains("1 failed, 4 passed");
    var cases = JunitXml.read(dir.resolve("junit.xml"));
    assertHung(
        cases.get("test_recv_without_timeout"),
        "call",
        "blocking-network-read",
        "test_recv_without_timeout");
  }

  @ParameterizedTest
  @MethodSource("newestPython")
  void theOptOutRemovesThePlugin(PythonInterpreter python, @TempDir Path dir) throws Exception {
    Processes.Finished with = pytest(python, dir, "test_xdist.py", "--co", "--hang-timeout=3");
    Processes.Finished without =
        pytest(python, dir, "test_xdist.py", "--co", "-p", "no:hangdoctor", "--hang-timeout=3");

    assertThat(with.status()).as(with.output()).isZero();
    assertThat(without.status()).as(without.output()).isEqualTo(4); // pytest's usage error
    assertThat(without.output()).contains("unrecognized arguments: --hang-timeout=3");
  }

  @ParameterizedTest
  @MethodSource("newestPython")
  void aBadDurationIsAUsageError(PythonInterpreter python, @TempDir Path dir) throws Exception {
    Processes.Finished bad = pytest(python, dir, "test_xdist.py", "--co", "--hang-timeout=soon");

    assertThat(bad.status()).as(bad.output()).isEqualTo(4);
    assertThat(bad.output())
        .contains("--hang-timeout: not a duration: 'soon' (seconds, or 500ms, 30s, 5m, 1h)")
        .doesNotContain("Traceback");
  }

  private static void assertHung(JunitXml.TestCase test, String phase, String rule, String frame) {
    assertThat(test).as("no such test case").isNotNull();
    assertThat(test.passed()).as(test.name()).isFalse();
    assertThat(test.properties())
        .as(test.name())
        .containsEntry("hangdoctor.kind", "HANG")
        .containsEntry("hangdoctor.rule", rule)
        .containsEntry("hangdoctor.phase", phase)
        .containsKeys("hangdoctor.headline", "hangdoctor.frame", "hangdoctor.fix");
    assertThat(test.properties().get("hangdoctor.frame")).as(test.name()).startsWith(frame + " (");
    assertThat(test.problem()).as(test.name()).contains("hung: still running after");
    assertThat(test.children().get("system-err")).as(test.name()).contains("[" + rule + "]");
  }

  static Processes.Finished pytest(PythonInterpreter python, Path dir, String suite, String... args)
      throws Exception {
    PythonEnvironments.assumeModules(python, "pytest");
    Path venvPython = PythonEnvironments.venvPython(python);
    copy(suite, dir);
    List<String> command =
        new ArrayList<>(
            List.of(
                venvPython.toString(),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-o",
                "console_output_style=classic",
                "--junitxml=junit.xml",
                suite));
    command.addAll(List.of(args));
    return Processes.run(command, dir, environment(), LIMIT);
  }

  static Map<String, String> environment() {
    return Map.of(
        "HANGDOCTOR",
        PythonEnvironments.hangdoctor().toString(),
        "PYTHONDONTWRITEBYTECODE",
        "1",
        "PYTEST_ADDOPTS",
        "",
        "COLUMNS",
        "200");
  }

  static Path copy(String resource, Path dir) throws IOException {
    try (InputStream in = PytestPluginIT.class.getResourceAsStream(resource)) {
      assertThat(in).as("resource " + resource).isNotNull();
      Path target = dir.resolve(resource);
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }
}
