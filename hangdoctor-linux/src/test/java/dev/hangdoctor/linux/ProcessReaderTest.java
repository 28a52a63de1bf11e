package dev.hangdoctor.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.HostLoad;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.Tracer;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.CBinaries;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ProcessReader against real processes in known states, started by the test itself. */
class ProcessReaderTest {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private final ProcessReader reader = ProcessReader.system();

  @Test
  void cThreadsAreSeenInTheirKnownKernelStates() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      ThreadSnapshot pipe = awaitThread(pid, target.readyInt("pipe_tid"), "pipe_read");
      assertThat(pipe.name()).isEqualTo("pipe-reader");
      assertThat(pipe.state()).isEqualTo(TaskState.SLEEPING);
      assertThat(pipe.kernelWait().syscall().name()).isEqualTo("read");

      ProcessSnapshot snapshot = reader.snapshot(pid);
      long readFd = pipe.kernelWait().syscall().arguments().get(0);
      assertThat(fd(snapshot, (int) readFd).kind())
          .as("the pipe reader's read() names a pipe fd")
          .isEqualTo(FdKind.PIPE);

      ThreadSnapshot sleeper = awaitThread(pid, target.readyInt("sleep_tid"), "hrtimer_nanosleep");
      assertThat(sleeper.name()).isEqualTo("sleeper");
      assertThat(sleeper.kernelWait().syscall().name()).isEqualTo("clock_nanosleep");

      int spinTid = target.readyInt("spin_tid");
      ThreadSnapshot spinner =
          Await.value(
              "the spinner to be seen running",
              SETTLE,
              () ->
                  thread(pid, spinTid)
                      .filter(
                          t -> t.kernelWait().syscall().status() == SyscallState.Status.RUNNING));
      assertThat(spinner.name()).isEqualTo("spinner");

      assertThat(snapshot.threads()).extracting(ThreadSnapshot::tid).contains(pid);
      assertThat(snapshot.process().threadCount()).isEqualTo(snapshot.threads().size());
      assertThat(snapshot.process().exe()).isEqualTo(CBinaries.compile("threads.c").toString());
      assertThat(snapshot.process().user()).isNotBlank();
      assertThat(snapshot.gaps()).isEmpty();
    }
  }

  @Test
  void pythonThreadsAreSeenInTheirKnownKernelStates() throws Exception {
    Path python = Tool.PYTHON3.require(Interpreters.python3());
    try (Target target = Target.start(TargetSpec.python(python, "threads.py"))) {
      int pid = (int) target.pid();
      ThreadSnapshot pipe = awaitThread(pid, target.readyInt("pipe_tid"), "pipe_read");
      assertThat(pipe.kernelWait().syscall().name()).isEqualTo("read");
      ThreadSnapshot sleeper = awaitThread(pid, target.readyInt("sleep_tid"), "hrtimer_nanosleep");
      assertThat(sleeper.kernelWait().syscall().name()).isIn("clock_nanosleep", "select");
      int spinTid = target.readyInt("spin_tid");
      Await.value(
          "the Python spinner to use CPU",
          SETTLE,
          () -> thread(pid, spinTid).filter(t -> t.cpu().totalMillis() > 0));
      assertThat(reader.snapshot(pid).process().cmdline())
          .anyMatch(arg -> arg.endsWith("threads.py"));
    }
  }

  @Test
  void socketsShowExactQueuesCloseWaitAndTheListener() throws Exception {
    try (Target target = Target.start(TargetSpec.c("sockets.c"))) {
      int pid = (int) target.pid();
      ProcessSnapshot snapshot = reader.snapshot(pid);

      SocketEntry unread = socket(snapshot, target.readyInt("recvq_fd"));
      assertThat(unread.state()).isEqualTo(SocketState.ESTABLISHED);
      assertThat(unread.receiveQueue()).isEqualTo(4242L);
      assertThat(unread.unreadBytes()).isEqualTo(4242L);

      SocketEntry unsent = socket(snapshot, target.readyInt("sendq_fd"));
      assertThat(unsent.sendQueue()).isPositive();

      List<Integer> expectedCloseWait =
          Arrays.stream(target.ready().get("close_wait_fds").split(","))
              .map(Integer::parseInt)
              .collect(Collectors.toList());
      List<Integer> closeWait =
          snapshot.sockets().stream()
              .filter(s -> s.state() == SocketState.CLOSE_WAIT)
              .map(SocketEntry::fd)
              .collect(Collectors.toList());
      assertThat(closeWait).hasSize(40).containsExactlyInAnyOrderElementsOf(expectedCloseWait);
      assertThat(
              snapshot.sockets().stream()
                  .filter(s -> s.state() == SocketState.CLOSE_WAIT)
                  .allMatch(s -> s.unreadBytes() == 0))
          .as("a received FIN is not unread data")
          .isTrue();

      SocketEntry listener = socket(snapshot, target.readyInt("listen_fd"));
      assertThat(listener.state()).isEqualTo(SocketState.LISTEN);
      assertThat(listener.local().port()).isEqualTo(target.readyInt("listen_port"));
      assertThat(snapshot.fdSummary().sockets()).isEqualTo(snapshot.sockets().size());
      assertThat(snapshot.fdSummary().openFilesSoftLimit()).isPositive();
    }
  }

  @Test
  void theSchedulerSaysHowLongEachThreadRanAndWaitedAndTheMachineItsLoad() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      int spinTid = target.readyInt("spin_tid");
      ThreadSnapshot before = thread(pid, spinTid).orElseThrow();
      assertThat(before.schedStat()).as("schedstat of the spinner").isNotNull();

      ThreadSnapshot after =
          Await.value(
              "the spinner to run more",
              SETTLE,
              () ->
                  thread(pid, spinTid)
                      .filter(t -> t.schedStat().runNanos() > before.schedStat().runNanos()));

      assertThat(after.schedStat().runqueueWaitNanos())
          .isGreaterThanOrEqualTo(before.schedStat().runqueueWaitNanos());
      assertThat(after.schedStat().timeslices())
          .isGreaterThanOrEqualTo(before.schedStat().timeslices());
      HostLoad host = reader.snapshot(pid).host();
      assertThat(host).isNotNull();
      assertThat(host.cpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(host.load1()).isNotNegative();
      assertThat(host.tasks()).isGreaterThanOrEqualTo(host.runnableTasks()).isPositive();
    }
  }

  @Test
  void aStoppedProcessIsInStateTAndATracedOneNamesItsTracer() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int pid = (int) target.pid();
      signal("STOP", pid);
      // a group stop reaches each thread in turn: a spinning thread beside a CPU hog may still be
      // running when the process already shows T, so wait (bounded) for every thread
      ProcessSnapshot stopped =
          Await.value(
              "the process and each of its threads to stop",
              SETTLE,
              () ->
                  snapshot(pid)
                      .filter(s -> s.process().state() == TaskState.STOPPED)
                      .filter(
                          s -> s.threads().stream().allMatch(t -> t.state() == TaskState.STOPPED)));
      assertThat(stopped.threads())
          .extracting(ThreadSnapshot::state)
          .containsOnly(TaskState.STOPPED);
      assertThat(stopped.process().tracer()).isNull();
      signal("CONT", pid);
    }
    try (Target tracee = Target.start(TargetSpec.c("threads.c"));
        Target tracer = Target.start(TargetSpec.c("tracer.c", Long.toString(tracee.pid())))) {
      ProcessSnapshot traced = reader.snapshot((int) tracee.pid());

      assertThat(traced.process().state()).isEqualTo(TaskState.TRACING_STOP);
      assertThat(traced.threads())
          .hasSize(tracer.readyInt("threads"))
          .extracting(ThreadSnapshot::state)
          .containsOnly(TaskState.TRACING_STOP);
      assertThat(traced.process().tracer()).isEqualTo(new Tracer((int) tracer.pid(), "tracer"));
    }
  }

  private static void signal(String name, int pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).start();
    try {
      assertThat(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
    } finally {
      kill.destroyForcibly();
    }
  }

  private Optional<ProcessSnapshot> snapshot(int pid) {
    try {
      return Optional.of(reader.snapshot(pid));
    } catch (ProcReadException e) {
      throw new AssertionError("target vanished: " + e.getMessage(), e);
    }
  }

  @Test
  void aProcessThatDoesNotExistIsReportedAsExited() {
    ProcReadException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ProcReadException.class, () -> reader.snapshot(Integer.MAX_VALUE - 1));
    assertThat(e.targetExited()).isTrue();
  }

  /**
   * Waits for the thread to sleep in a wait channel ending in {@code wchan}: kernels differ in
   * prefixes (6.18 reads a pipe in {@code anon_pipe_read}, older ones in {@code pipe_read}).
   */
  private ThreadSnapshot awaitThread(int pid, int tid, String wchan) {
    return Await.value(
        "thread " + tid + " to wait in *" + wchan,
        SETTLE,
        () ->
            thread(pid, tid)
                .filter(
                    t -> t.kernelWait().wchan() != null && t.kernelWait().wchan().endsWith(wchan)));
  }

  private Optional<ThreadSnapshot> thread(int pid, int tid) {
    try {
      return reader.snapshot(pid).threads().stream().filter(t -> t.tid() == tid).findFirst();
    } catch (ProcReadException e) {
      throw new AssertionError("target vanished: " + e.getMessage(), e);
    }
  }

  private static FdEntry fd(ProcessSnapshot snapshot, int fd) {
    return snapshot.fds().stream()
        .filter(entry -> entry.fd() == fd)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fd " + fd + " in " + snapshot.fds()));
  }

  private static SocketEntry socket(ProcessSnapshot snapshot, int fd) {
    return snapshot.sockets().stream()
        .filter(s -> s.fd() == fd)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no socket on fd " + fd + " in " + snapshot.sockets()));
  }
}
