package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
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
        .anySatisfy(line -> assertThat(line).contains("not in its poll"))
        .anySatisfy(line -> assertThat(line).startsWith("clock_nanosleep").contains("unchanged"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/export_service.py:19 (wait_for_export)")
        .contains("await asyncio.sleep");
  }

  @Test
  void aPollingLoopCaughtBetweenTwoSleepsIsStillJudgedByItsSleep() {
    Inspection recorded = Fixtures.load(Fixtures.LOOP_BLOCKED_SLEEP);
    KernelWait stat =
        new KernelWait(
            null, SyscallState.inSyscall(262, "newfstatat", List.of(-100L, 0x7ffc0000L, 0L, 0L)));

    List<Finding> findings = rule.evaluate(withLatestWait(recorded, 7393, stat));

    assertThat(findings).singleElement().satisfies(f -> assertThat(f.tid()).isEqualTo(7393));
    assertThat(findings.get(0).fix()).contains("await asyncio.sleep");
  }

  /** {@code inspection} with thread {@code tid} caught in {@code wait} by its last sample. */
  private static Inspection withLatestWait(Inspection inspection, int tid, KernelWait wait) {
    List<ProcessSnapshot> samples = new ArrayList<>(inspection.samples());
    ProcessSnapshot last = samples.get(samples.size() - 1);
    List<ThreadSnapshot> threads = new ArrayList<>();
    for (ThreadSnapshot t : last.threads()) {
      threads.add(
          t.tid() != tid
              ? t
              : new ThreadSnapshot(
                  t.tid(),
                  t.name(),
                  t.state(),
                  wait,
                  t.cpu(),
                  t.voluntaryContextSwitches(),
                  t.involuntaryContextSwitches()));
    }
    samples.set(
        samples.size() - 1,
        new ProcessSnapshot(
            last.capturedAtEpochMillis(),
            last.monotonicNanos(),
            last.process(),
            threads,
            last.fdSummary(),
            last.fds(),
            last.sockets(),
            last.gaps(),
            last.python()));
    WindowSummary window = inspection.window();
    List<ThreadActivity> activity = new ArrayList<>();
    for (ThreadActivity a : window.threads()) {
      activity.add(
          a.tid() != tid
              ? a
              : new ThreadActivity(
                  a.tid(),
                  a.name(),
                  a.state(),
                  wait,
                  a.cpuPercent(),
                  false,
                  a.samplesSeen(),
                  a.voluntaryContextSwitchesDelta(),
                  a.involuntaryContextSwitchesDelta()));
    }
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        samples,
        new WindowSummary(
            window.samples(),
            window.spanMillis(),
            window.processCpuPercent(),
            activity,
            window.socketQueues(),
            window.firstFdCount(),
            window.lastFdCount()),
        inspection.tree(),
        inspection.partial(),
        inspection.stackSamples());
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
