package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel oracle against threads.c, whose threads sit in known states. */
class KernelOracleTest {

  @Test
  void seesEachThreadWhereTheTargetPutIt() {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      long pid = target.pid();
      int pipe = target.readyInt("pipe_tid");
      int sleeper = target.readyInt("sleep_tid");

      KernelOracle.awaitSleeping(pid, Set.of(pipe), Duration.ofSeconds(10), "read");
      KernelOracle.awaitSleeping(pid, Set.of(sleeper), Duration.ofSeconds(10), "clock_nanosleep");
      assertThat(KernelOracle.task(pid, pipe).orElseThrow().sleepsIn("futex", "read")).isTrue();
      assertThat(KernelOracle.task(pid, sleeper).orElseThrow().sleepsIn("read")).isFalse();
      assertThat(KernelOracle.task(pid, 999_999_999)).isEmpty();
      assertThatThrownBy(
              () -> KernelOracle.awaitSleeping(pid, Set.of(pipe), Duration.ofMillis(300), "futex"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("sleeping in futex");
      assertThatThrownBy(() -> KernelOracle.task(pid, pipe).orElseThrow().sleepsIn("nosuch"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
