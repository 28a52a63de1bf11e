package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseWaitLeakTest {
  private final CloseWaitLeak rule = new CloseWaitLeak();

  @Test
  void fortyCloseWaitSocketsAreALeak() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.SOCKETS));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(Finding.PROCESS_WIDE);
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("40 sockets in CLOSE_WAIT"))
        .anySatisfy(line -> assertThat(line).isEqualTo("40 on local 127.0.0.1:54887"))
        .anySatisfy(line -> assertThat(line).startsWith("fds 9, 11, 12"));
  }

  @Test
  void descriptorGrowthNamesTheKindThatGrows() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.FD_LEAK));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.kind()).isEqualTo("descriptor leak (pipes)");
    assertThat(finding.evidence())
        .contains("open descriptors 55 → 133 across 3 samples over 1.2 s")
        .anySatisfy(line -> assertThat(line).startsWith("pipes +"));
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }
}
