package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlakeTableTest {
  private static AttemptResult attempt(int number, Outcome outcome, int status, long millis) {
    Optional<AttemptResult.Hang> hang =
        outcome == Outcome.HUNG
            ? Optional.of(
                new AttemptResult.Hang(
                    HangKind.TIMEOUT,
                    Duration.ofMillis(millis),
                    "blocking network read without a timeout at conftest.py:23 in flush (PID 7)",
                    Duration.ofMillis(1100)))
            : Optional.empty();
    return new AttemptResult(
        number,
        outcome,
        status,
        Duration.ofMillis(millis),
        "id",
        hang,
        List.of(),
        List.of(),
        Optional.empty());
  }

  @Test
  void rowsPerAttemptThenRates() {
    List<String> table =
        FlakeTable.render(
            List.of(
                attempt(1, Outcome.PASSED, 0, 1234),
                attempt(2, Outcome.HUNG, 124, 30000),
                attempt(3, Outcome.FAILED, 1, 800)));

    assertThat(table)
        .containsExactly(
            "ATTEMPT  OUTCOME     EXIT  DURATION  VERDICT",
            "1        passed         0     1.2 s",
            "2        hung         124    30.0 s  blocking network read without a timeout at"
                + " conftest.py:23 in flush (PID 7)",
            "3        failed         1     0.8 s",
            "3 runs: 1 (33%) passed, 1 (33%) failed, 1 (33%) hung");
  }

  @Test
  void aRepeatedRunEndsWith124WhenAnyAttemptHung() {
    assertThat(
            RunResult.of(
                    List.of(attempt(1, Outcome.FAILED, 3, 1), attempt(2, Outcome.HUNG, 124, 1)),
                    true)
                .exitStatus())
        .isEqualTo(124);
    assertThat(
            RunResult.of(
                    List.of(attempt(1, Outcome.PASSED, 0, 1), attempt(2, Outcome.FAILED, 3, 1)),
                    true)
                .exitStatus())
        .isEqualTo(3);
    assertThat(
            RunResult.of(
                    List.of(attempt(1, Outcome.HUNG, 124, 1), attempt(2, Outcome.PASSED, 0, 1)),
                    false)
                .exitStatus())
        .as("a retry that passed")
        .isZero();
  }
}
