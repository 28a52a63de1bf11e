package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutorShutdownBlocksLoopTest {
  private final ExecutorShutdownBlocksLoop rule = new ExecutorShutdownBlocksLoop();

  @Test
  void theLoopLeavingAWithBlockIsNamedWithItsLineAndTheBlockedWorkers() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("executor-shutdown-blocks-loop");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(17387);
    assertThat(finding.threadName()).isEqualTo("MainThread");
    PythonFrame user = finding.keyFrames().get(0);
    assertThat(user.file()).endsWith("/quote_service.py");
    assertThat(user.line()).isEqualTo(44);
    assertThat(user.qualifiedName()).isEqualTo("quotes");
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .containsExactly("quotes", "ThreadPoolExecutor.shutdown", "Thread._wait_for_tstate_lock");
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("BaseEventLoop._run_once"))
        .anySatisfy(line -> assertThat(line).startsWith("futex(").contains("unchanged"));
    assertThat(finding.evidence().stream().filter(line -> line.startsWith("pool worker")))
        .hasSize(4)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("ThreadPoolExecutor-0_")
                    .contains("recvfrom(")
                    .contains("ESTABLISHED")
                    .contains("fetch_quote (/tmp/fx/app/quote_service.py:39)"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/quote_service.py:44 (quotes)")
        .contains("shutdown(wait=False, cancel_futures=True)")
        .contains("run_in_executor")
        .contains("/tmp/fx/app/quote_service.py:39 (fetch_quote)");
  }

  @Test
  void cpython313JoinsWithoutWaitForTstateLockAndStillMatches() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO_313));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).tid()).isEqualTo(17548);
    assertThat(findings.get(0).confidence()).isEqualTo(Confidence.HIGH);
    assertThat(findings.get(0).keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .containsExactly("quotes", "ThreadPoolExecutor.shutdown", "Thread.join");
  }

  @Test
  void aUvicornStreamingRouteIsNamedByItsGeneratorLine() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.EXECUTOR_SHUTDOWN_FASTAPI));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(16554);
    assertThat(finding.keyFrames().get(0).file()).endsWith("/quote_api.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(52);
    assertThat(finding.keyFrames().get(0).qualifiedName()).isEqualTo("quote_lines");
    assertThat(finding.explanation()).contains("with ThreadPoolExecutor()").contains("health");
  }

  @Test
  void workersThatStillComputeMakeItMedium() {
    Inspection recorded = Fixtures.load(Fixtures.EXECUTOR_SHUTDOWN_ASYNCIO);

    List<Finding> findings = rule.evaluate(withWorkersRunning(recorded, 17387));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(findings.get(0).evidence())
        .anySatisfy(line -> assertThat(line).contains("running a task"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.BLOCKING_RECV,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.HEALTHY_FASTAPI,
        Fixtures.LOOP_BLOCKED_SLEEP,
        Fixtures.LOOP_BLOCKED_URLOPEN,
        Fixtures.PYTHON_SPIN,
        Fixtures.BUSY_WORKER,
        Fixtures.SOCKETS
      })
  void otherRecordingsAreNotThisSignature(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }

  /** The recording, but every thread other than {@code loopTid} running at full CPU. */
  private static Inspection withWorkersRunning(Inspection inspection, int loopTid) {
    WindowSummary window = inspection.window();
    List<ThreadActivity> threads =
        window.threads().stream()
            .map(
                t ->
                    t.tid() == loopTid
                        ? t
                        : new ThreadActivity(
                            t.tid(),
                            t.name(),
                            t.state(),
                            new KernelWait(null, SyscallState.RUNNING),
                            99.0,
                            false,
                            t.samplesSeen(),
                            t.voluntaryContextSwitchesDelta(),
                            t.involuntaryContextSwitchesDelta()))
            .collect(Collectors.toList());
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        inspection.samples(),
        new WindowSummary(
            window.samples(),
            window.spanMillis(),
            window.processCpuPercent(),
            threads,
            window.socketQueues(),
            window.firstFdCount(),
            window.lastFdCount()),
        inspection.tree(),
        inspection.partial());
  }
}
