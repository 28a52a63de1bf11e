package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code watch --pid}: a check fails on a finding at least as sure as {@code --fail-on}. */
class PidCheckTest {
  private static final Diagnosis LOW_ONLY =
      new Diagnosis(
          Diagnosis.SCHEMA_VERSION,
          new Inspection(Inspection.SCHEMA_VERSION, 42, List.of(), null, null, false),
          List.of(
              new Finding(
                  "long-lock-wait",
                  "long lock wait",
                  Confidence.LOW,
                  43,
                  "price-reader",
                  List.of(),
                  List.of("waits for a threading.Lock"),
                  "explanation",
                  "fix")),
          List.of(),
          List.of());

  @Test
  void aLowFindingPassesTheCheckByDefaultAndFailsItWithFailOnLow() throws Exception {
    CheckResult byDefault = new PidCheck(42, (pid, own) -> LOW_ONLY).run();
    CheckResult failOnLow = new PidCheck(42, (pid, own) -> LOW_ONLY, Confidence.LOW).run();

    assertThat(byDefault.failing()).isFalse();
    assertThat(byDefault.summary()).isEqualTo("PID 42: long lock wait in thread price-reader");
    assertThat(failOnLow.failing()).isTrue();
    assertThat(new PidCheck(42, (pid, own) -> LOW_ONLY, Confidence.HIGH).run().failing()).isFalse();
  }
}
