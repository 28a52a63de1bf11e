package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private static final long S = 1_000_000_000L;

  @Test
  void noDeadlineNeverExpiresAndChecksEvery100ms() {
    Deadlines none = new Deadlines(0, Optional.empty(), Optional.empty());

    assertThat(none.expired(1_000_000 * S, 0)).isEmpty();
    assertThat(none.nanosToNextCheck(5 * S, 0)).isEqualTo(Deadlines.MAX_CHECK_INTERVAL.toNanos());
  }

  @Test
  void theTimeoutCountsFromTheStart() {
    Deadlines deadlines =
        new Deadlines(10 * S, Optional.of(Duration.ofSeconds(30)), Optional.empty());

    assertThat(deadlines.expired(39 * S, 39 * S)).isEmpty();
    assertThat(deadlines.expired(40 * S, 40 * S)).contains(HangKind.TIMEOUT);
    assertThat(deadlines.nanosToNextCheck(40 * S - 7, 0)).isEqualTo(7);
  }

  @Test
  void theQuietTimeoutCountsFromTheLastOutputOrTheStart() {
    Deadlines deadlines =
        new Deadlines(10 * S, Optional.empty(), Optional.of(Duration.ofSeconds(5)));

    assertThat(deadlines.expired(14 * S, 0)).isEmpty();
    assertThat(deadlines.expired(15 * S, 0)).contains(HangKind.QUIET);
    assertThat(deadlines.expired(19 * S, 16 * S)).isEmpty();
    assertThat(deadlines.expired(21 * S, 16 * S)).contains(HangKind.QUIET);
    assertThat(deadlines.nanosToNextCheck(21 * S - 3, 16 * S)).isEqualTo(3);
  }

  @Test
  void theOverallTimeoutWinsATie() {
    Deadlines deadlines =
        new Deadlines(0, Optional.of(Duration.ofSeconds(5)), Optional.of(Duration.ofSeconds(5)));

    assertThat(deadlines.expired(5 * S, 0)).contains(HangKind.TIMEOUT);
    assertThat(deadlines.limit(HangKind.QUIET)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aPassedDeadlineAsksForAnImmediateCheck() {
    Deadlines deadlines = new Deadlines(0, Optional.of(Duration.ofSeconds(1)), Optional.empty());

    assertThat(deadlines.nanosToNextCheck(3 * S, 0)).isEqualTo(1);
  }
}
