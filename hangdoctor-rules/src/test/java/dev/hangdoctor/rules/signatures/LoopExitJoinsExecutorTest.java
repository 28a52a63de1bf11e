package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopExitJoinsExecutorTest {
  private static final String RECORDING = "corpus-asyncio-run-exit-typed-input-worker";
  private final LoopExitJoinsExecutor rule = new LoopExitJoinsExecutor();

  @Test
  void asyncioRunLeavingWhileItsExecutorWorkerBlocksNamesTheWorkersJob() {
    List<Finding> findings = rule.evaluate(Fixtures.load(RECORDING));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("loop-exit-joins-executor");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.threadName()).isEqualTo("MainThread");
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .contains("TypedInput._next_line_blocking", "<module>", "Runner.close");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("Runner.close"))
        .anySatisfy(line -> assertThat(line).startsWith("Thread-1 (_do_shutdown)"))
        .anySatisfy(line -> assertThat(line).startsWith("executor worker asyncio_0"));
    assertThat(finding.explanation()).contains("cannot be cancelled");
    assertThat(finding.fix()).contains("dictation.py:32").contains("q.get(timeout=");
  }

  @Test
  void itLeadsTheDiagnosis() {
    Diagnosis diagnosis = KnownSignatures.engine().diagnose(Fixtures.load(RECORDING));

    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo("loop-exit-joins-executor");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO,
        Fixtures.EXIT_POOL_WORKER,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.HEALTHY_FASTAPI,
        "corpus-tornado-executor-smtp-exhausted"
      })
  void loopsThatAreNotClosingAreNotThisSignature(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
