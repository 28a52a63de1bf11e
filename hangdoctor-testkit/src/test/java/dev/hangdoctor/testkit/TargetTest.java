package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TargetTest {

  private static TargetSpec shell(String script) {
    return TargetSpec.command(List.of("sh", "-c", script));
  }

  /** A spec with an environment token the test can search /proc for. */
  private static TargetSpec traced(String script, String token) {
    return shell(script).withEnv("TESTKIT_TRACE", token);
  }

  @Test
  void parsesTheReadyLineAfterOtherOutput() {
    try (Target target =
        Target.start(shell("echo warming up; echo 'READY a=1 b=x=y flag'; exec sleep 300"))) {
      assertThat(target.ready())
          .containsExactly(Map.entry("a", "1"), Map.entry("b", "x=y"), Map.entry("flag", ""));
      assertThat(target.readyInt("a")).isEqualTo(1);
      assertThat(target.output()).contains("warming up", "READY a=1");
      assertThatThrownBy(() -> target.readyInt("missing"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("missing");
      assertThatThrownBy(() -> target.readyInt("b")).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void waitsForASecondAnnouncementAfterReady() {
    try (Target target =
        Target.start(
            shell("echo READY port=1; read x </dev/null; echo 'STUCK loop=7'; exec sleep 300"))) {
      assertThat(target.awaitAnnouncement("STUCK", Duration.ofSeconds(20)))
          .containsExactly(Map.entry("loop", "7"));
    }
    try (Target target = Target.start(shell("echo READY; echo going; exit 0"))) {
      assertThatThrownBy(() -> target.awaitAnnouncement("STUCK", Duration.ofSeconds(20)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("going");
    }
    try (Target target = Target.start(shell("echo READY; exec sleep 300"))) {
      assertThatThrownBy(() -> target.awaitAnnouncement("STUCK", Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("did not announce STUCK within 200 ms");
    }
  }

  @Test
  void passesEnvironmentAndRunMarkers() {
    try (Target target =
        Target.start(
            shell("echo READY greeting=$GREETING run=$HANGDOCTOR_TESTKIT_RUN; exec sleep 300")
                .withEnv("GREETING", "hello"))) {
      assertThat(target.ready()).containsEntry("greeting", "hello");
      assertThat(target.ready().get("run")).isNotBlank();
    }
    assertThatThrownBy(() -> shell("true").withEnv("HANGDOCTOR_TESTKIT_RUN", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failsWithTheOutputWhenTheTargetExitsBeforeReady() {
    assertThatThrownBy(() -> Target.start(shell("echo preparing; echo 'no luck' >&2; exit 3")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exited with code 3 before printing READY")
        .hasMessageContaining("preparing")
        .hasMessageContaining("[stderr] no luck");
  }

  @Test
  void failsAndKillsTheTargetWhenReadyNeverComes() {
    String token = UUID.randomUUID().toString();
    assertThatThrownBy(
            () ->
                Target.start(
                    traced("echo half-way; sleep 300", token)
                        .withReadyTimeout(Duration.ofMillis(300))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("printed no READY line within 300 ms")
        .hasMessageContaining("half-way");
    assertThat(ProcOracle.pidsWithEnv("TESTKIT_TRACE=" + token)).isEmpty();
  }

  @Test
  void acceptsATargetThatExitsRightAfterReady() {
    Target target = Target.start(shell("echo READY done=1"));
    assertThat(target.readyInt("done")).isEqualTo(1);
    target.close();
    target.close();
  }

  @Test
  void drainsOutputContinuouslyAndKeepsItBounded() {
    // 2 MB of output before READY would block the target on a full pipe if nobody read it
    try (Target target = Target.start(shell("seq 1 300000; echo READY; exec sleep 300"))) {
      String output = target.output();
      assertThat(output.length()).isLessThan(300 * 1024);
      assertThat(output).contains("earlier lines dropped", "\n299999\n300000\nREADY\n");
    }
  }

  @Test
  void closeKillsADoubleForkedDaemonThatLeftTheTree() {
    String token = UUID.randomUUID().toString();
    String env = "TESTKIT_TRACE=" + token;
    Target target = Target.start(traced("(setsid sleep 300 &) ; echo READY; sleep 300", token));
    try {
      List<Long> traced =
          Await.value(
              "the daemon and the foreground sleep to start",
              Duration.ofSeconds(5),
              () -> {
                List<Long> pids = ProcOracle.pidsWithEnv(env);
                return pids.size() >= 3 ? java.util.Optional.of(pids) : java.util.Optional.empty();
              });
      List<Long> treePids =
          target.process().toHandle().descendants().map(ProcessHandle::pid).toList();
      assertThat(traced)
          .as("a traced process outside the target's tree")
          .anyMatch(pid -> pid != target.pid() && !treePids.contains(pid));
    } finally {
      target.close();
    }
    assertThat(ProcOracle.pidsWithEnv(env)).isEmpty();
    target.close();
  }

  @Test
  void closeLeavesOtherTargetsAlone() {
    try (Target survivor = Target.start(shell("echo READY; exec sleep 300"))) {
      Target closed = Target.start(shell("echo READY; exec sleep 300"));
      closed.close();
      assertThat(ProcOracle.alive(closed.pid())).isFalse();
      assertThat(ProcOracle.alive(survivor.pid())).isTrue();
    }
  }
}
