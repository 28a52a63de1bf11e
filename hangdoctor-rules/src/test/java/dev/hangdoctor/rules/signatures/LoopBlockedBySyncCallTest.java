package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopBlockedBySyncCallTest {
  private final LoopBlockedBySyncCall rule = new LoopBlockedBySyncCall();

  @Test
  void aCoroutineSleepingWithTimeSleepIsNamedByItsLine() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.LOOP_BLOCKED_SLEEP));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("loop-blocked-by-sync-call");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(7393);
    PythonFrame site = finding.keyFrames().get(0);
    assertThat(site.file()).endsWith("/export_service.py");
    assertThat(site.line()).isEqualTo(19);
    assertThat(site.qualifiedName()).isEqualTo("wait_for_export");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("not in its selector"))
        .anySatisfy(line -> assertThat(line).startsWith("clock_nanosleep").contains("unchanged"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/export_service.py:19 (wait_for_export)")
        .contains("await asyncio.sleep");
  }

  @Test
  void anAsyncRouteCallingUrlopenNamesTheRouteAndTheSocket() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.LOOP_BLOCKED_URLOPEN));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(16949);
    assertThat(finding.threadName()).isEqualTo("MainThread");
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .containsExactly("stock", "SocketIO.readinto");
    assertThat(finding.keyFrames().get(0).file()).endsWith("/stock_api.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(40);
    assertThat(finding.evidence())
        .anySatisfy(
            line -> assertThat(line).startsWith("recvfrom(").contains("TCP").contains("unchanged"));
    assertThat(finding.fix()).contains("stock_api.py:40 (stock)").contains("asyncio.to_thread");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO,
        Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO_313,
        Fixtures.EXECUTOR_SHUTDOWN_FASTAPI,
        Fixtures.BLOCKING_RECV,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.HEALTHY_FASTAPI,
        Fixtures.PYTHON_SPIN,
        Fixtures.BUSY_WORKER
      })
  void otherRecordingsAreNotThisSignature(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
