package dev.hangdoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.rules.signatures.Fixtures;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import org.junit.jupiter.api.Test;

/** A diagnosis survives JSON as the evidence does (same mapper settings as the JSON renderer). */
class DiagnosisJsonTest {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
          .build();

  @Test
  void aDiagnosisWithFindingsRoundTrips() throws Exception {
    Diagnosis diagnosis =
        new RuleEngine(KnownSignatures.all()).diagnose(Fixtures.load(Fixtures.BLOCKING_RECV));

    String json = MAPPER.writeValueAsString(diagnosis);

    assertThat(MAPPER.readValue(json, Diagnosis.class)).isEqualTo(diagnosis);
    assertThat(MAPPER.readTree(json).fieldNames())
        .toIterable()
        .containsExactly(
            "schemaVersion",
            "inspection",
            "findings",
            "healthyReasons",
            "children",
            "waitFor",
            "blindSpots",
            "coverage",
            "headline");
  }
}
