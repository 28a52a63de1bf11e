package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  private static final RunOptions TRUE = RunOptions.of(List.of("true"));

  @Test
  void defaultsAreNoDeadlineOneAttemptAndFiveSecondsToDie() {
    assertThat(TRUE.timeout()).isEmpty();
    assertThat(TRUE.quietTimeout()).isEmpty();
    assertThat(TRUE.killAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(TRUE.maxAttempts()).isEqualTo(1);
    assertThat(TRUE.withRetries(2).maxAttempts()).isEqualTo(3);
    assertThat(TRUE.withRepeat(6).maxAttempts()).isEqualTo(6);
  }

  @Test
  void nonsenseIsRefusedWithTheOptionNamed() {
    assertThatThrownBy(() -> RunOptions.of(List.of())).hasMessage("no command to run");
    assertThatThrownBy(() -> TRUE.withTimeout(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("--timeout must be positive");
    assertThatThrownBy(() -> TRUE.withKillAfter(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("--kill-after must not be negative");
    assertThatThrownBy(() -> TRUE.withRetries(-1))
        .hasMessageStartingWith("--retries must not be negative");
    assertThatThrownBy(() -> TRUE.withRepeat(0))
        .hasMessageStartingWith("--repeat must be at least 1");
    assertThatThrownBy(() -> TRUE.withRetries(1).withRepeat(3))
        .hasMessageStartingWith("--retries and --repeat do not combine");
  }

  @Test
  void reproductionQuotesWordsForTheShell() {
    assertThat(ShellWords.join(List.of("sh", "-c", "echo 'hi there'", "a=b")))
        .isEqualTo("sh -c 'echo '\\''hi there'\\''' a=b");
  }
}
