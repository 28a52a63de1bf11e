package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockingNetworkReadTest {
  private final BlockingNetworkRead rule = new BlockingNetworkRead();

  @Test
  void namesTheBlockedThreadAndTheUsersOwnRecvCall() {
    Inspection inspection = Fixtures.load(Fixtures.BLOCKING_RECV);

    List<Finding> findings = rule.evaluate(inspection);

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("blocking-network-read");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(18057);
    assertThat(finding.threadName()).isEqualTo("fetcher");
    assertThat(finding.keyFrames().get(0).file()).endsWith("/client.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(7);
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("fetch_reply");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("recvfrom(5").contains("unchanged"))
        .anySatisfy(line -> assertThat(line).contains("fd 5: TCP").contains("ESTABLISHED"));
    assertThat(finding.fix()).contains("/tmp/fx/app/client.py:7").contains("settimeout");
  }

  @Test
  void aReadFromAPeerThatClosedIsNotThisSignature() {
    Inspection recorded = Fixtures.load(Fixtures.BLOCKING_RECV);

    assertThat(rule.evaluate(withSocketState(recorded, 5, SocketState.CLOSE_WAIT))).isEmpty();
  }

  @Test
  void aReadOnAPipeIsNotANetworkRead() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.NATIVE_SPINNER))).isEmpty();
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }

  /** The recorded evidence, but with socket {@code fd} in {@code state} in the last sample. */
  private static Inspection withSocketState(Inspection inspection, int fd, SocketState state) {
    ProcessSnapshot last = inspection.latest();
    List<SocketEntry> sockets = new ArrayList<>();
    for (SocketEntry s : last.sockets()) {
      sockets.add(
          s.fd() != fd
              ? s
              : new SocketEntry(
                  s.fd(),
                  s.inode(),
                  s.protocol(),
                  state,
                  s.local(),
                  s.remote(),
                  s.receiveQueue(),
                  s.sendQueue(),
                  s.unixPath(),
                  s.unixType()));
    }
    List<ProcessSnapshot> samples = new ArrayList<>(inspection.samples());
    samples.set(
        samples.size() - 1,
        new ProcessSnapshot(
            last.capturedAtEpochMillis(),
            last.monotonicNanos(),
            last.process(),
            last.threads(),
            last.fdSummary(),
            last.fds(),
            sockets,
            last.gaps(),
            last.python()));
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        samples,
        inspection.window(),
        inspection.tree(),
        inspection.partial());
  }

  @Test
  void aQueueWorkerIdleInABlockingPopIsHealthyAndSaysSo() {
    // worker-idle-in-blocking-pop on CPython 3.12.1: BLPOP with timeout 0 on its broker
    Inspection inspection = Fixtures.load("corpus-worker-idle-in-blocking-pop");

    assertThat(new BlockingNetworkRead().evaluate(inspection)).isEmpty();
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(inspection);
    assertThat(diagnosis.hangFound()).isFalse();
    assertThat(diagnosis.healthyReasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("idle in a blocking pop")
                    .contains("BLPOP at ")
                    .contains("thumb_worker.py:60 (work)"));
  }
}
