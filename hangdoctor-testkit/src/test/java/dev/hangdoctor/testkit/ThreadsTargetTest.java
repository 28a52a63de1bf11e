package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ThreadsTargetTest {
  private static final Duration SETTLE = Duration.ofSeconds(5);

  @Test
  void cThreadsSitInTheirAnnouncedStates() {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      assertThat(ProcOracle.comm(target.pid(), target.pid())).isEqualTo("threads");
      assertAnnouncedStates(target, "hrtimer_nanosleep");
    }
  }

  static List<PythonInterpreter> supportedPythons() {
    List<PythonInterpreter> pythons =
        Interpreters.cpythons().stream().filter(p -> p.atLeast(3, 8)).toList();
    assertThat(pythons).as("CPythons 3.8+ on this machine").isNotEmpty();
    return pythons;
  }

  @ParameterizedTest
  @MethodSource("supportedPythons")
  void pythonThreadsSitInTheirAnnouncedStates(PythonInterpreter python) {
    // before 3.11, time.sleep() waits in select(); since 3.11 in clock_nanosleep()
    String sleeperWait = python.atLeast(3, 11) ? "hrtimer_nanosleep" : "poll_schedule_timeout";
    try (Target target = Target.start(TargetSpec.python(python.path(), "threads.py"))) {
      assertAnnouncedStates(target, sleeperWait);
    }
  }

  private static void assertAnnouncedStates(Target target, String sleeperWait) {
    long pid = target.pid();
    long pipe = target.readyInt("pipe_tid");
    long spin = target.readyInt("spin_tid");
    long sleep = target.readyInt("sleep_tid");
    assertThat(target.readyInt("main_tid")).isEqualTo(pid);
    assertThat(ProcOracle.tids(pid)).containsExactlyInAnyOrder(pid, pipe, spin, sleep);
    assertThat(ProcOracle.comm(pid, pipe)).isEqualTo("pipe-reader");
    assertThat(ProcOracle.comm(pid, spin)).isEqualTo("spinner");
    assertThat(ProcOracle.comm(pid, sleep)).isEqualTo("sleeper");
    Await.until(
        "pipe-reader " + pipe + " blocked in a pipe read",
        SETTLE,
        () -> ProcOracle.PIPE_READ.contains(ProcOracle.wchan(pid, pipe)));
    Await.until(
        "sleeper " + sleep + " waiting in " + sleeperWait,
        SETTLE,
        () -> ProcOracle.wchan(pid, sleep).startsWith(sleeperWait));
    Await.until(
        "spinner " + spin + " seen running", SETTLE, () -> ProcOracle.state(pid, spin) == 'R');
    assertThat(ProcOracle.state(pid, pipe)).isEqualTo('S');
    assertThat(ProcOracle.state(pid, sleep)).isEqualTo('S');
  }
}
