package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
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
  void stuckThreadsAreUnchangedAndTheSpinnerBurnsCpu() throws Exception {
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
                Inspection candidate = collect(pid, new SamplingPlan(3, Duration.ofMillis(300)));
                return activity(candidate, pipeTid).waitUnchanged()
                        && activity(candidate, sleepTid).waitUnchanged()
                    ? java.util.Optional.of(candidate)
                    : java.util.Optional.empty();
              });

      assertThat(inspection.samples()).hasSize(3);
      assertThat(inspection.partial()).isFalse();
      assertThat(activity(inspection, pipeTid).cpuPercent()).isLessThan(5);
      ThreadActivity spinner = activity(inspection, spinTid);
      assertThat(spinner.waitUnchanged()).isFalse();
      // A loaded machine may give the spinner little CPU, but it never sleeps: it runs or waits
      // in a run queue for the whole window, which the blocked threads never do.
      assertThat(spinner.cpuPercent())
          .isGreaterThan(activity(inspection, pipeTid).cpuPercent())
          .isGreaterThan(activity(inspection, sleepTid).cpuPercent());
      assertThat(spinner.runnablePercent())
          .as("the spinner wanted a CPU for most of the window, whatever the machine's load")
          .isGreaterThan(50);
      assertThat(activity(inspection, pipeTid).runnablePercent()).isLessThan(50);
      assertThat(inspection.window().processCpuPercent())
          .isGreaterThanOrEqualTo(spinner.cpuPercent() * 0.9);
      assertThat(inspection.tree().pid()).isEqualTo(pid);
    }
  }

  @Test
  void aPythonProcessIsAlsoReadBetweenTheSamples() throws Exception {
    Path python = Interpreters.python3().orElseThrow();
    try (Target target = Target.start(TargetSpec.python(python, "threads.py"))) {
      PythonSource stacks = new PythonStackReader(ProcFs.system())::read;
      InspectionCollector collector =
          new InspectionCollector(
              ProcessReader.system(), new ProcessTreeReader(ProcFs.system()), stacks, Pause.SLEEP);

      Inspection inspection =
          collector.collect((int) target.pid(), new SamplingPlan(3, Duration.ofMillis(400)));

      assertThat(inspection.stackSamples())
          .as("how many fit in the window depends on this machine's load; one always does")
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(2 * InspectionCollector.STACK_READS_BETWEEN_SAMPLES)
          .allSatisfy(read -> assertThat(read.threads()).isNotEmpty());
      long firstSample = inspection.samples().get(0).monotonicNanos();
      long lastSample = inspection.latest().monotonicNanos();
      assertThat(inspection.stackSamples())
          .as("every extra read lies between the first and the last sample")
          .allSatisfy(read -> assertThat(read.monotonicNanos()).isBetween(firstSample, lastSample));
    }
  }

  @Test
  void theDumpTextPlanReadsTheStacksAndWaitsButNotTheTreeOrTheSourceLines() throws Exception {
    Path python = Interpreters.python3().orElseThrow();
    try (Target target = Target.start(TargetSpec.python(python, "threads.py"))) {
      int pid = (int) target.pid();
      InspectionCollector everything =
          new InspectionCollector(
              ProcessReader.system(),
              new ProcessTreeReader(ProcFs.system()),
              new PythonStackReader(ProcFs.system())::readFrames,
              Pause.SLEEP);
      SamplingPlan once = new SamplingPlan(1, Duration.ZERO);

      Inspection full = everything.collect(pid, once);
      Inspection dump = everything.withPlan(CollectionPlan.DUMP_TEXT).collect(pid, once);

      assertThat(full.tree()).isNotNull();
      assertThat(full.sourceLines()).isNotEmpty();
      assertThat(dump.tree()).as("no scan of all of /proc").isNull();
      assertThat(dump.sourceLines()).isEmpty();
      assertThat(dump.latest().python().status()).isEqualTo(PythonStacks.Status.READ);
      assertThat(dump.latest().python().threads()).hasSameSizeAs(full.latest().python().threads());
      assertThat(dump.latest().threads())
          .as("every thread's kernel state and wait, as the text prints them")
          .hasSameSizeAs(full.latest().threads())
          .allSatisfy(thread -> assertThat(thread.kernelWait()).isNotNull())
          .allSatisfy(thread -> assertThat(thread.schedStat()).as("not shown: not read").isNull());
      assertThat(full.latest().threads())
          .anySatisfy(thread -> assertThat(thread.voluntaryContextSwitches()).isPositive());
    }
  }

  @Test
  void cheapStackReadsHappenFourTimesInEveryInterval() throws Exception {
    InspectionCollector collector =
        new InspectionCollector(
            ProcessReader.system(),
            new ProcessTreeReader(ProcFs.system()),
            pid -> oneThreadStack(Duration.ZERO),
            duration -> {});

    Inspection inspection =
        collector.collect(
            (int) ProcessHandle.current().pid(), new SamplingPlan(3, Duration.ofSeconds(10)));

    assertThat(inspection.stackSamples())
        .hasSize(2 * InspectionCollector.STACK_READS_BETWEEN_SAMPLES);
  }

  @Test
  void stackReadsThatKeepOverrunningTheirBudgetStopForTheWindow() throws Exception {
    InspectionCollector collector =
        new InspectionCollector(
            ProcessReader.system(),
            new ProcessTreeReader(ProcFs.system()),
            pid -> oneThreadStack(Duration.ofMillis(30)),
            duration -> {});

    Inspection inspection =
        collector.collect(
            (int) ProcessHandle.current().pid(), new SamplingPlan(3, Duration.ofMillis(100)));

    assertThat(inspection.stackSamples()).hasSize(InspectionCollector.SLOW_READS_TOLERATED);
  }

  @Test
  void oneWindowOverSeveralProcessesSaysWhichGaveNoSample() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      int gone = Integer.MAX_VALUE - 1;

      InspectionCollector.Window window =
          collector(Pause.SLEEP)
              .collectAll(
                  List.of(pid, gone),
                  new SamplingPlan(3, Duration.ofMillis(100)),
                  SamplingProgress.NONE);

      assertThat(window.inspections()).containsOnlyKeys(pid);
      assertThat(window.inspections().get(pid).samples()).hasSize(3);
      assertThat(window.failures()).containsOnlyKeys(gone);
      assertThat(window.failures().get(gone).targetExited()).isTrue();
      assertThat(window.rounds()).hasSize(3);
      assertThat(window.rounds().get(0).processes()).isEqualTo(2);
      assertThat(window.rounds().get(1).processes()).isEqualTo(1);
    }
  }

  /** A CPython read of one thread with one frame, that takes {@code cost}. */
  private static PythonStacks oneThreadStack(Duration cost) {
    try {
      Thread.sleep(cost.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PythonThread thread =
        new PythonThread(
            1,
            (int) ProcessHandle.current().pid(),
            "MainThread",
            PythonThread.NameSource.THREADING,
            true,
            false,
            List.of(new PythonFrame("f", "f", "/app.py", 1, PythonFrame.Owner.THREAD)),
            false,
            null);
    return new PythonStacks(
        PythonStacks.Status.READ,
        "3.11.7",
        "/usr/bin/python3",
        PythonStacks.LayoutSource.TABLE,
        List.of(thread),
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
