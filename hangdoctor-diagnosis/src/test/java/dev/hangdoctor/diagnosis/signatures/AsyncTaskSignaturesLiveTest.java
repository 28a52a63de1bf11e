package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verdicts read from the asyncio task graph on an idle loop, on every CPython 3.11+ here: two tasks
 * in an {@code asyncio.Lock} order deadlock, a {@code gather} held up by one child reading from a
 * silent peer without a timeout, and a busy healthy service (timers, a fed queue, a lock always
 * released, long polls with deadlines) that must give no verdict.
 */
class AsyncTaskSignaturesLiveTest {
  static List<PythonInterpreter> pythons() {
    return HungFixtures.stdlibPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void tasksInALockCycleAreALockDeadlock(PythonInterpreter python) {
    Path source = HungFixtures.path("async-tasks/seat_booking.py");
    int marked = HungFixtures.markerLine(source);
    try (Target target = start(python, source)) {
      int loop = target.readyInt("loop");

      Verdicts.everyWindow(
          "asyncio lock deadlock",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, "lock-deadlock", loop);
            assertThat(finding.kind()).contains("asyncio lock deadlock between 2 tasks");
            assertThat(finding.threadName()).isEqualTo("MainThread");
            assertThat(finding.keyFrames()).anySatisfy(f -> assertAt(f, "move_passenger", marked));
            assertThat(String.join("\n", finding.evidence()))
                .contains("\"move LH100->AF200\"", "\"move AF200->LH100\"")
                .contains("`source.lock`", "`destination.lock`");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aGatherHeldUpByOneSilentPeerNamesTheChildAndItsRead(PythonInterpreter python) {
    Path source = HungFixtures.path("async-tasks/fleet_probe.py");
    int marked = HungFixtures.markerLine(source);
    try (Target target = start(python, source)) {
      int loop = target.readyInt("loop");

      Verdicts.everyWindow(
          "gather child stuck in a stream read",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, "blocking-network-read", loop);
            assertThat(finding.keyFrames().get(0))
                .satisfies(f -> assertAt(f, "probe_node", marked));
            assertThat(finding.keyFrames())
                .anySatisfy(f -> assertThat(f.function()).isEqualTo("check_fleet"));
            String evidence = String.join("\n", finding.evidence());
            assertThat(evidence)
                .contains("line = await reader.readline()")
                .contains("ESTABLISHED")
                .contains("task \"fleet status\" waits in asyncio.gather over 3 children");
            assertThat(finding.explanation()).contains("timeout", "\"fleet status\"");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aBusyHealthyServiceGivesNoVerdict(PythonInterpreter python) {
    Path source = HungFixtures.path("async-tasks/busy_tasks.py");
    try (Target target = start(python, source)) {
      target.readyInt("loop");

      Verdicts.everyWindow(
          "no hang in a busy asyncio service",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.findings()).as("findings").isEmpty();
            assertThat(diagnosis.inspection().latest().python().asyncio().tasks())
                .as("the task graph was read")
                .hasSizeGreaterThan(20);
          });
    }
  }

  private static Target start(PythonInterpreter python, Path source) {
    return Target.start(TargetSpec.command(List.of(python.path().toString(), source.toString())));
  }

  private static void assertAt(PythonFrame frame, String function, int line) {
    assertThat(frame.function()).isEqualTo(function);
    assertThat(frame.line()).isEqualTo(line);
  }
}
