package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthyControlsTest {

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.HEALTHY_SLEEPER, Fixtures.HEALTHY_ASYNCIO})
  void everyKnownSignatureLeavesAHealthyProcessAlone(String recording) {
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(Fixtures.load(recording));

    assertThat(diagnosis.findings()).isEmpty();
    assertThat(diagnosis.hangFound()).isFalse();
  }
}
