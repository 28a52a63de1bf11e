package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonThread.NameSource;
import dev.hangdoctor.evidence.SocketQueueTrend;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sampling window against real processes; the injected pause acts between samples. */
class InspectionCollectorTest {
  private static InspectionCollector collector(Pause pause) {
    return new InspectionCollector(
        ProcessReader.system(), new ProcessTreeReader(ProcFs.system()), PythonSource.NONE, pause);
  }

  @Test
  void stuckThreadsAreUnchangedAndTheSpinnerWantsTheCpuThroughout() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      int pipeTid = target.readyInt("pipe_tid");
      int sleepTid = target.readyInt("sleep_tid");
      int spinTid = target.readyInt("spin_tid");

      Inspection inspection =
          Await.value(
              "the pipe reader and sleeper to sit in their waits for a whole window",
              Duration.ofSeconds(15),
              () -> {
                Inspection candidate = collect(pid, new SamplingPlan(3, Duration.ofMillis(500)));
                return activity(candidate, pipeTid).waitUnchanged()
                        && activity(candidate, sleepTid).waitUnchanged()
                    ? java.util.Optional.of(candidate)
                    : java.util.Optional.empty();
              });

      assertThat(inspection.samples()).hasSize(3);
      assertThat(inspection.partial()).isFalse();
      assertThat(activity(inspection, pipeTid).runnablePercent()).isLessThan(5);
      assertThat(activity(inspection, sleepTid).runnablePercent()).isLessThan(5);
      ThreadActivity spinner = activity(inspection, spinTid);
      assertThat(spinner.waitUnchanged()).isFalse();
      assertThat(spinner.runnablePercent())
          .as(
              "the spinner was on a CPU or waiting for one the whole window, however little CPU"
                  + " the machine's load left it (%.0f %%)",
              spinner.cpuPercent())
          .isGreaterThan(80);
      assertThat(spinner.cpuPercent()).isPositive();
      assertThat(inspection.window().processCpuPercent()).isPositive();
      assertThat(inspection.latest().host().cpus()).isPositive();
      assertThat(inspection.tree().pid()).isEqualTo(pid);
    }
  }

  @Test
  void aPythonProcessIsAlsoReadBetweenTheSamples() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target = Target.start(TargetSpec.python(python, "threads.py"))) {
      PythonSource stacks = new PythonStackReader(ProcFs.system())::read;
      InspectionCollector collector =
          new InspectionCollector(
              ProcessReader.system(),
              new ProcessTreeReader(ProcFs.system()),
              stacks,
              Pause.SLEEP,
              InspectionCollector.NO_STACK_READ_BUDGET);

      Inspection inspection =
          collector.collect((int) target.pid(), new SamplingPlan(3, Duration.ofMillis(400)));

      assertThat(inspection.stackSamples())
          .hasSize(2 * InspectionCollector.STACK_READS_BETWEEN_SAMPLES)
          .allSatisfy(read -> assertThat(read.threads()).isNotEmpty());
      long firstSample = inspection.samples().get(0).monotonicNanos();
      long lastSample = inspection.latest().monotonicNanos();
      assertThat(inspection.stackSamples())
          .as("every extra read lies between the first and the last sample")
          .allSatisfy(read -> assertThat(read.monotonicNanos()).isBetween(firstSample, lastSample));
    }
  }

  @Test
  void extraStackReadsStopForTheWindowOnceOneTakesOverItsShareOfTheInterval() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      Duration interval = Duration.ofMillis(100);
      Duration overBudget =
          interval.dividedBy(InspectionCollector.STACK_READ_BUDGET_DIVISOR).multipliedBy(4);
      // Sleeping takes at least as long as asked, so every read here is over its budget.
      PythonSource slowStacks =
          readPid -> {
            try {
              Thread.sleep(overBudget.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return oneThreadStack(pid);
          };
      InspectionCollector collector =
          new InspectionCollector(
              ProcessReader.system(),
              new ProcessTreeReader(ProcFs.system()),
              slowStacks,
              Pause.SLEEP);

      Inspection inspection = collector.collect(pid, new SamplingPlan(3, interval));

      assertThat(inspection.samples()).hasSize(3);
      assertThat(inspection.stackSamples())
          .as("one extra read, then none for the rest of the window")
          .hasSize(1);
    }
  }

  private static PythonStacks oneThreadStack(int tid) {
    PythonFrame frame = new PythonFrame("main", "main", "/app.py", 1, PythonFrame.Owner.THREAD);
    return new PythonStacks(
        PythonStacks.Status.READ,
        "3.11.2",
        "/usr/bin/python3.11",
        PythonStacks.LayoutSource.TABLE,
        List.of(
            new PythonThread(
                1,
                tid,
                "MainThread",
                NameSource.THREADING,
                true,
                false,
                List.of(frame),
                false,
                null)),
        null);
  }

  @Test
  void aProcessThatIsNotPythonGetsNoStackReads() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      Inspection inspection =
          collector(Pause.SLEEP)
              .collect((int) target.pid(), new SamplingPlan(3, Duration.ofMillis(50)));

      assertThat(inspection.stackSamples()).isEmpty();
    }
  }

  @Test
  void aTargetThatExitsMidWindowGivesAPartialInspection() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      Pause killTheTarget =
          duration -> {
            target.process().destroyForcibly();
            target.process().waitFor(5, TimeUnit.SECONDS);
          };

      Inspection inspection =
          collector(killTheTarget)
              .collect((int) target.pid(), new SamplingPlan(3, Duration.ofMillis(10)));

      assertThat(inspection.partial()).isTrue();
      assertThat(inspection.samples()).hasSize(1);
      assertThat(inspection.latest().threads()).isNotEmpty();
      assertThat(inspection.tree()).isNull();
    }
  }

  @Test
  void aTargetThatIsGoneBeforeTheFirstSampleIsAnError() {
    assertThatThrownBy(
            () -> collector(Pause.SLEEP).collect(Integer.MAX_VALUE - 1, SamplingPlan.DEFAULT))
        .isInstanceOf(ProcReadException.class)
        .matches(e -> ((ProcReadException) e).targetExited());
  }

  @Test
  void receiveQueueGrowthAndFdGrowthAcrossTheWindow() throws Exception {
    int pid = (int) ProcessHandle.current().pid();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      OutputStream toAccepted = client.getOutputStream();
      toAccepted.write(new byte[1000]);
      toAccepted.flush();
      Socket[] extra = new Socket[5];
      Pause writeMoreAndOpenMore =
          duration -> {
            try {
              toAccepted.write(new byte[1500]);
              toAccepted.flush();
              for (int i = 0; i < extra.length; i++) {
                extra[i] = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
              }
              Await.until(
                  "1500 more bytes to arrive",
                  Duration.ofSeconds(5),
                  () -> unread(pid, accepted.getLocalPort(), client.getLocalPort()) == 2500);
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
          };
      Await.until(
          "1000 bytes to arrive",
          Duration.ofSeconds(5),
          () -> unread(pid, accepted.getLocalPort(), client.getLocalPort()) == 1000);

      try {
        Inspection inspection =
            collector(writeMoreAndOpenMore).collect(pid, new SamplingPlan(2, Duration.ZERO));

        SocketQueueTrend trend =
            inspection.window().socketQueues().stream()
                .filter(t -> t.remote() != null && t.remote().port() == client.getLocalPort())
                .findFirst()
                .orElseThrow();
        assertThat(trend.firstReceiveQueue()).isEqualTo(1000);
        assertThat(trend.lastReceiveQueue()).isEqualTo(2500);
        assertThat(trend.receiveGrowth()).isEqualTo(1500);
        assertThat(inspection.window().fdGrowth()).isGreaterThanOrEqualTo(5);
      } finally {
        for (Socket socket : extra) {
          if (socket != null) {
            socket.close();
          }
        }
      }
    }
  }

  private static long unread(int pid, int localPort, int remotePort) {
    try {
      return ProcessReader.system().snapshot(pid).sockets().stream()
          .filter(s -> s.local() != null && s.local().port() == localPort)
          .filter(s -> s.remote() != null && s.remote().port() == remotePort)
          .mapToLong(s -> s.receiveQueue())
          .findFirst()
          .orElse(-1);
    } catch (ProcReadException e) {
      throw new AssertionError(e);
    }
  }

  private static Inspection collect(int pid, SamplingPlan plan) {
    try {
      return collector(Pause.SLEEP).collect(pid, plan);
    } catch (ProcReadException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ThreadActivity activity(Inspection inspection, int tid) {
    return inspection.window().threads().stream()
        .filter(t -> t.tid() == tid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + tid));
  }
}
