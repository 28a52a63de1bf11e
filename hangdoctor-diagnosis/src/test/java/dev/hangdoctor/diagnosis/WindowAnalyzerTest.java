package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAnalyzerTest {
  private static final KernelWait PIPE_READ =
      new KernelWait(
          "pipe_read",
          SyscallState.inSyscall(0, "read", List.of(3L, 0x1000L, 4096L)),
          KernelWait.NO_OWNER);

  @Test
  void threadInTheSameWaitInEverySampleIsUnchangedAndIdle() {
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0, thread(10, TaskState.SLEEPING, PIPE_READ, 50)),
                sample(500, thread(10, TaskState.SLEEPING, PIPE_READ, 50)),
                sample(1000, thread(10, TaskState.SLEEPING, PIPE_READ, 50))));

    ThreadActivity reader = summary.threads().get(0);
    assertThat(reader.waitUnchanged()).isTrue();
    assertThat(reader.cpuPercent()).isZero();
    assertThat(reader.samplesSeen()).isEqualTo(3);
    assertThat(summary.spanMillis()).isEqualTo(1000);
  }

  @Test
  void spinningThreadHasCpuAndIsNeverUnchanged() {
    KernelWait running = new KernelWait(null, SyscallState.RUNNING, KernelWait.NO_OWNER);
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0, thread(11, TaskState.RUNNING, running, 1000)),
                sample(1000, thread(11, TaskState.RUNNING, running, 1980))));

    ThreadActivity spinner = summary.threads().get(0);
    assertThat(spinner.cpuPercent()).isCloseTo(98.0, within(0.01));
    assertThat(spinner.waitUnchanged()).isFalse();
  }

  @Test
  void aWaitWithOtherArgumentsIsAChange() {
    KernelWait otherTimeout =
        new KernelWait(
            "do_epoll_wait",
            SyscallState.inSyscall(232, "epoll_wait", List.of(4L, 1L)),
            KernelWait.NO_OWNER);
    KernelWait laterTimeout =
        new KernelWait(
            "do_epoll_wait",
            SyscallState.inSyscall(232, "epoll_wait", List.of(4L, 2L)),
            KernelWait.NO_OWNER);
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0, thread(12, TaskState.SLEEPING, otherTimeout, 0)),
                sample(500, thread(12, TaskState.SLEEPING, laterTimeout, 0))));

    assertThat(summary.threads().get(0).waitUnchanged()).isFalse();
  }

  @Test
  void aThreadMissingFromOneSampleIsNotUnchanged() {
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0),
                sample(500, thread(13, TaskState.SLEEPING, PIPE_READ, 0)),
                sample(1000, thread(13, TaskState.SLEEPING, PIPE_READ, 0))));

    ThreadActivity late = summary.threads().get(0);
    assertThat(late.samplesSeen()).isEqualTo(2);
    assertThat(late.waitUnchanged()).isFalse();
  }

  @Test
  void unknownWaitsAreNeverCalledUnchanged() {
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0, thread(14, TaskState.SLEEPING, KernelWait.UNKNOWN, 0)),
                sample(500, thread(14, TaskState.SLEEPING, KernelWait.UNKNOWN, 0))));

    assertThat(summary.threads().get(0).waitUnchanged()).isFalse();
  }

  @Test
  void singleSampleMeasuresNothing() {
    WindowSummary summary =
        WindowAnalyzer.analyze(List.of(sample(0, thread(15, TaskState.SLEEPING, PIPE_READ, 9))));

    assertThat(summary.threads().get(0).cpuPercent()).isEqualTo(WindowAnalyzer.NOT_MEASURED);
    assertThat(summary.threads().get(0).waitUnchanged()).isFalse();
  }

  @Test
  void socketQueuesAreTrackedOnlyWhenTheyHeldData() {
    SocketEntry quiet = socket(5, 100, SocketState.ESTABLISHED, 0, 0);
    WindowSummary summary =
        WindowAnalyzer.analyze(
            List.of(
                sample(0, List.of(quiet, socket(6, 200, SocketState.ESTABLISHED, 100, 0)), 8),
                sample(500, List.of(quiet, socket(6, 200, SocketState.ESTABLISHED, 900, 0)), 11)));

    assertThat(summary.socketQueues())
        .singleElement()
        .satisfies(
            trend -> {
              assertThat(trend.fd()).isEqualTo(6);
              assertThat(trend.receiveGrowth()).isEqualTo(800);
              assertThat(trend.sendGrowth()).isZero();
            });
    assertThat(summary.fdGrowth()).isEqualTo(3);
  }

  @Test
  void aListenerCountsOnlyWhenConnectionsWaitToBeAccepted() {
    SocketEntry idleListener = socket(3, 300, SocketState.LISTEN, 0, 128);
    SocketEntry backedUp = socket(4, 301, SocketState.LISTEN, 7, 128);
    WindowSummary summary =
        WindowAnalyzer.analyze(List.of(sample(0, List.of(idleListener, backedUp), 2)));

    assertThat(summary.socketQueues()).extracting(t -> t.fd()).containsExactly(4);
  }

  private static ThreadSnapshot thread(int tid, TaskState state, KernelWait wait, long cpuMillis) {
    return new ThreadSnapshot(tid, "t" + tid, state, wait, new CpuTime(cpuMillis, 0), 0, 0);
  }

  private static ProcessSnapshot sample(long atMillis, ThreadSnapshot... threads) {
    long cpu = 0;
    for (ThreadSnapshot thread : threads) {
      cpu += thread.cpu().totalMillis();
    }
    return snapshot(atMillis, List.of(threads), List.of(), 0, cpu);
  }

  private static ProcessSnapshot sample(long atMillis, List<SocketEntry> sockets, int fdCount) {
    return snapshot(atMillis, List.of(), sockets, fdCount, 0);
  }

  private static ProcessSnapshot snapshot(
      long atMillis, List<ThreadSnapshot> threads, List<SocketEntry> sockets, int fds, long cpu) {
    ProcessInfo info =
        new ProcessInfo(
            1,
            0,
            "p",
            0,
            "root",
            List.of("p"),
            null,
            null,
            TaskState.SLEEPING,
            false,
            0,
            0,
            1,
            0,
            new CpuTime(cpu, 0));
    return new ProcessSnapshot(
        atMillis,
        atMillis * 1_000_000,
        info,
        threads,
        new FdSummary(fds, 0, 0, 0, 0, 0, 1024, 1024),
        List.of(),
        sockets,
        List.of(),
        null);
  }

  private static SocketEntry socket(int fd, long inode, SocketState state, long rx, long tx) {
    return new SocketEntry(
        fd,
        inode,
        SocketProtocol.TCP,
        state,
        new Endpoint("127.0.0.1", 4000 + fd),
        new Endpoint("127.0.0.1", 5000),
        rx,
        tx,
        null,
        null);
  }
}
