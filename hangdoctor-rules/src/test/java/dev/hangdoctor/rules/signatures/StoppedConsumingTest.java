package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppedConsumingTest {
  private final StoppedConsuming rule = new StoppedConsuming();

  @Test
  void unreadBytesThatNobodyReadsAreFound() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.SOCKETS));

    assertThat(findings)
        .anySatisfy(
            finding -> {
              assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
              assertThat(finding.evidence())
                  .first()
                  .asString()
                  .startsWith("fd 7: TCP 127.0.0.1:54887 → 127.0.0.1:52370");
              assertThat(finding.evidence()).anyMatch(line -> line.startsWith("unread bytes 4242"));
            });
    // fd 5 is the in-process peer of the full send queue: it holds data nobody reads, too.
    assertThat(findings).hasSize(2);
  }

  @Test
  void connectionsWithNothingQueuedAreNotStoppedConsuming() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.BLOCKING_RECV))).isEmpty();
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }
}
