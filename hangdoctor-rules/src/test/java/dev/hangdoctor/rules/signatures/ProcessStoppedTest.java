package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessStoppedTest {
  private final ProcessStopped rule = new ProcessStopped();

  @Test
  void aProcessStoppedByASignalIsAFindingWithTheResumeCommand() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PROCESS_STOPPED));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("process-stopped");
    assertThat(finding.kind()).isEqualTo("process stopped by a signal");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(Finding.PROCESS_WIDE);
    assertThat(finding.evidence().get(0))
        .startsWith("state T (stopped) in all 3 samples over ")
        .endsWith("4 of 4 threads stopped, waiting in do_signal_stop");
    assertThat(finding.explanation()).contains("SIGSTOP", "SIGTSTP from Ctrl+Z", "SIGCONT");
    assertThat(finding.fix()).startsWith("Resume it with `kill -CONT 23080`");
  }

  @Test
  void aProcessHeldByATracerNamesTheTracerAndHowToLetItGo() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PROCESS_TRACED));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.kind()).isEqualTo("process held stopped by tracer PID 23510 (tracer)");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("state t (tracing stop) in all 3 samples"))
        .contains("traced by PID 23510 (tracer) (TracerPid in /proc/23489/status)");
    assertThat(finding.explanation()).contains("SIGCONT does not resume a tracing stop");
    assertThat(finding.fix())
        .contains("In the tracer, PID 23510 (tracer)")
        .contains("`kill 23510`")
        .contains("`kill -CONT 23489` alone does not");
  }

  @Test
  void aBackgroundJobStoppedReadingItsTerminalNamesSigttinItsThreadAndItsPrompt() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.PROCESS_SIGTTIN));

    assertThat(findings).singleElement();
    Finding finding = findings.get(0);
    assertThat(finding.kind())
        .isEqualTo(
            "process stopped at a read from its terminal (SIGTTIN: a background job at a prompt)");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(6235);
    assertThat(finding.keyFrames())
        .first()
        .satisfies(f -> assertThat(f.qualifiedName()).isEqualTo("confirm_overwrite"))
        .satisfies(f -> assertThat(f.file()).endsWith("/export_job.py"))
        .satisfies(f -> assertThat(f.line()).isEqualTo(8));
    assertThat(finding.evidence().get(1))
        .startsWith(
            "\"python3.11\" (tid 6235) stopped in read(0, …) on /dev/pts/0 (a terminal) at ")
        .endsWith("export_job.py:8 (confirm_overwrite)");
    assertThat(finding.explanation()).contains("SIGTTIN", "input()");
    assertThat(finding.fix())
        .contains("`fg`", "`kill -CONT 6235` alone only lets a background job stop again");
  }

  @Test
  void aProcessThatStoppedDuringTheWindowIsMedium() {
    Inspection stopped = Fixtures.load(Fixtures.PROCESS_STOPPED);
    List<ProcessSnapshot> samples = new ArrayList<>(stopped.samples());
    samples.set(0, running(samples.get(0)));
    Inspection stoppedLate =
        new Inspection(
            stopped.schemaVersion(),
            stopped.pid(),
            samples,
            stopped.window(),
            stopped.tree(),
            stopped.partial());

    assertThat(rule.evaluate(stoppedLate))
        .singleElement()
        .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM))
        .satisfies(f -> assertThat(f.evidence().get(0)).contains("in the last sample, not all"));
  }

  @Test
  void aProcessThatRunsAgainByTheLastSampleIsNotStopped() {
    Inspection stopped = Fixtures.load(Fixtures.PROCESS_STOPPED);
    List<ProcessSnapshot> samples = new ArrayList<>(stopped.samples());
    samples.set(samples.size() - 1, running(samples.get(samples.size() - 1)));
    Inspection resumed =
        new Inspection(
            stopped.schemaVersion(),
            stopped.pid(),
            samples,
            stopped.window(),
            stopped.tree(),
            stopped.partial());

    assertThat(rule.evaluate(resumed)).isEmpty();
    assertThat(rule.ruledOut(resumed)).isEqualTo("the process is not stopped (state SLEEPING)");
  }

  @Test
  void noOtherRecordingIsStopped() {
    for (String name : Fixtures.ALL) {
      Inspection inspection = Fixtures.load(name);
      assertThat(rule.evaluate(inspection)).as(name).isEmpty();
    }
  }

  @Test
  void itLeadsTheDiagnosisOfAStoppedProcess() {
    assertThat(
            KnownSignatures.engine().diagnose(Fixtures.load(Fixtures.PROCESS_STOPPED)).findings())
        .first()
        .satisfies(f -> assertThat(f.ruleId()).isEqualTo("process-stopped"));
  }

  /** The sample with the process and its threads sleeping instead of stopped. */
  private static ProcessSnapshot running(ProcessSnapshot sample) {
    ProcessInfo p = sample.process();
    ProcessInfo sleeping =
        new ProcessInfo(
            p.pid(),
            p.ppid(),
            p.name(),
            p.uid(),
            p.user(),
            p.cmdline(),
            p.exe(),
            p.cwd(),
            TaskState.SLEEPING,
            p.kernelThread(),
            p.startTimeEpochMillis(),
            p.elapsedMillis(),
            p.threadCount(),
            p.rssBytes(),
            p.cpu(),
            p.tracer());
    List<ThreadSnapshot> threads = new ArrayList<>();
    for (ThreadSnapshot t : sample.threads()) {
      threads.add(
          new ThreadSnapshot(
              t.tid(),
              t.name(),
              TaskState.SLEEPING,
              t.kernelWait(),
              t.cpu(),
              t.voluntaryContextSwitches(),
              t.involuntaryContextSwitches(),
              t.schedStat()));
    }
    return new ProcessSnapshot(
        sample.capturedAtEpochMillis(),
        sample.monotonicNanos(),
        sleeping,
        threads,
        sample.fdSummary(),
        sample.fds(),
        sample.sockets(),
        sample.gaps(),
        sample.python(),
        sample.host());
  }
}
