package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.KernelOracle;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real processes stopped with kill -STOP and held by a real ptrace tracer: never healthy. */
class ProcessStoppedLiveTest {
  private static final String RULE = "process-stopped";
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @Test
  void aPythonServiceStoppedWithSigstopIsStoppedNotHealthy() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target = Target.start(TargetSpec.python(python, "threads.py"))) {
      long pid = target.pid();
      signal("STOP", pid);
      awaitState(pid, 'T');

      Diagnosis diagnosis = Verdicts.diagnose(pid);

      assertThat(diagnosis.hangFound()).isTrue();
      Finding finding = diagnosis.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(RULE);
      assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(finding.kind()).isEqualTo("process stopped by a signal");
      assertThat(finding.fix()).contains("kill -CONT " + pid);
      assertThat(diagnosis.inspection().latest().process().state()).isEqualTo(TaskState.STOPPED);

      signal("CONT", pid);
      Await.until(
          "PID " + pid + " running again",
          SETTLE,
          () -> KernelOracle.task(pid, pid).map(t -> t.state() == 'S').orElse(false));
      assertThat(Verdicts.diagnose(pid).findings())
          .as("resumed, it is no longer stopped")
          .noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo(RULE));
    }
  }

  @Test
  void aBackgroundJobThatReadsItsTerminalIsStoppedBySigttinAtItsPrompt() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    Path job = LiveFixtures.script("process-stopped", "export_job.py");
    Path shell = LiveFixtures.script("process-stopped", "operator_shell.py");
    try (Target operator =
        Target.start(TargetSpec.command(List.of(python.toString(), shell.toString())))) {
      long pid = operator.readyInt("job");

      Diagnosis diagnosis = Verdicts.diagnose(pid);

      Finding finding = diagnosis.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(RULE);
      assertThat(finding.kind())
          .isEqualTo(
              "process stopped at a read from its terminal (SIGTTIN: a background job at a prompt)");
      assertThat(finding.tid()).isEqualTo((int) pid);
      HungFixtures.assertMarked(finding.keyFrames().get(0), job);
      assertThat(finding.explanation()).contains("SIGTTIN");
    }
  }

  @Test
  void aProcessHeldByATracerNamesTheTracer() throws Exception {
    try (Target tracee = Target.start(TargetSpec.c("threads.c"));
        Target tracer = Target.start(TargetSpec.c("tracer.c", Long.toString(tracee.pid())))) {
      Diagnosis diagnosis = Verdicts.diagnose(tracee.pid());

      Finding finding = diagnosis.findings().get(0);
      assertThat(finding.ruleId()).isEqualTo(RULE);
      assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
      assertThat(finding.kind())
          .isEqualTo("process held stopped by tracer PID " + tracer.pid() + " (tracer)");
      assertThat(finding.fix()).contains("kill " + tracer.pid());
    }
  }

  /**
   * Waits until every thread of {@code pid} is in {@code state}: a stop signal stops the threads
   * one by one, and the main thread shown stopped said nothing of the others (a loaded run read a
   * thread not yet stopped in the first sample, and the verdict was rightly MEDIUM).
   */
  private static void awaitState(long pid, char state) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    Await.until(
        "every thread of PID " + pid + " in state " + state,
        SETTLE,
        () -> {
          try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(
                task ->
                    KernelOracle.task(pid, Long.parseLong(task.getFileName().toString()))
                        .map(t -> t.state() == state)
                        .orElse(false));
          } catch (IOException | UncheckedIOException e) {
            return false;
          }
        });
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    try {
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
    } finally {
      kill.destroyForcibly();
    }
  }
}
