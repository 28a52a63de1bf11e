package dev.hangdoctor.diagnosis.ps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What ps marks: a wait that never changed and is no idle one, and parents waiting on it. */
class ProcessMarksTest {
  private static final Duration SETTLE = Duration.ofMillis(500);
  private static final Duration LONG_AFTER = Duration.ofMinutes(1);

  private static ProcessNode node(int pid, int ppid, String command, ProcessNode... children) {
    return new ProcessNode(
        pid,
        ppid,
        "p" + pid,
        command.isEmpty() ? List.of() : List.of(command.split(" ")),
        0,
        TaskState.SLEEPING,
        "x",
        3_600_000,
        CpuTime.ZERO,
        List.of(children));
  }

  private static MainThreadWait waiting(String call, String wchan, long switches, Long... args) {
    return waiting(call, wchan, switches, null, args);
  }

  private static MainThreadWait waiting(
      String call, String wchan, long switches, String target, Long... args) {
    return new MainThreadWait(
        TaskState.SLEEPING,
        new KernelWait(wchan, SyscallState.inSyscall(0, call, List.of(args))),
        switches,
        target,
        false,
        100);
  }

  private static List<ProcessMark> marks(
      ProcessNode root, Map<Integer, MainThreadWait> first, Map<Integer, MainThreadWait> second) {
    return ProcessMarks.of(List.of(root), first, second, SETTLE, LONG_AFTER);
  }

  @Test
  void aPipeReadThatNeverChangesIsMarkedAndSoAreTheParentsWaitingOnIt() {
    ProcessNode reader = node(30, 20, "reader");
    ProcessNode middle = node(20, 10, "middle", reader);
    ProcessNode top = node(10, 1, "top", middle);
    MainThreadWait read = waiting("read", "pipe_read", 7, "pipe:[99]", 3L, 0L, 1L);
    MainThreadWait middleWait = waiting("wait4", "do_wait", 2, 30L, 0L, 0L, 0L);
    MainThreadWait topWait = waiting("wait4", "do_wait", 2, -1L, 0L, 0L, 0L);
    Map<Integer, MainThreadWait> looks = Map.of(30, read, 20, middleWait, 10, topWait);

    List<ProcessMark> marks = marks(top, looks, looks);

    assertThat(marks)
        .containsExactly(
            new ProcessMark(
                30,
                ProcessMark.Kind.STUCK_WAIT,
                "read(fd 3: pipe:[99]) in pipe_read, unchanged over 0.5 s with no wake-up"),
            new ProcessMark(
                20, ProcessMark.Kind.WAITS_ON_STUCK_CHILD, "waits on stuck child PID 30"),
            new ProcessMark(
                10, ProcessMark.Kind.WAITS_ON_STUCK_CHILD, "waits on stuck child PID 20"));
  }

  @Test
  void idleWaitsAreNotMarked() {
    List<MainThreadWait> idle =
        List.of(
            waiting("clock_nanosleep", "hrtimer_nanosleep", 1, 0L, 0L, 0L),
            waiting("pause", "__do_sys_pause", 1),
            waiting("epoll_wait", "do_epoll_wait", 1, 3L, 0L, 1L, -1L),
            waiting("accept4", "inet_csk_accept", 1, 3L, 0L, 0L),
            waiting("futex", "futex_do_wait", 1, 0x1000L, 393L, 0L, 0x7ffd0000L),
            waiting("read", "n_tty_read", 1, "/dev/pts/3", 0L, 0L, 1L),
            waiting("wait4", "do_wait", 1, -1L, 0L, 0L, 0L));
    for (MainThreadWait wait : idle) {
      assertThat(marks(node(10, 1, "p"), Map.of(10, wait), Map.of(10, wait)))
          .as(wait.kernelWait().describe())
          .isEmpty();
    }
  }

  @Test
  void aWaitThatChangedOrWokeUpIsNotMarked() {
    MainThreadWait before = waiting("read", "pipe_read", 7, "pipe:[1]", 3L, 0L, 1L);
    MainThreadWait woke = waiting("read", "pipe_read", 8, "pipe:[1]", 3L, 0L, 1L);
    MainThreadWait other = waiting("read", "pipe_read", 7, "pipe:[1]", 4L, 0L, 1L);

    assertThat(marks(node(10, 1, "p"), Map.of(10, before), Map.of(10, woke))).isEmpty();
    assertThat(marks(node(10, 1, "p"), Map.of(10, before), Map.of(10, other))).isEmpty();
    assertThat(marks(node(10, 1, "p"), Map.of(10, before), Map.of())).isEmpty();
  }

  @Test
  void kernelWorkersAndYoungProcessesAreNotMarked() {
    MainThreadWait read = waiting("read", "pipe_read", 7, "pipe:[1]", 3L, 0L, 1L);
    MainThreadWait kernel =
        new MainThreadWait(TaskState.DISK_SLEEP, read.kernelWait(), 7, null, true, 0);
    ProcessNode young =
        new ProcessNode(
            10, 1, "p", List.of("p"), 0, TaskState.SLEEPING, "x", 1000, CpuTime.ZERO, List.of());

    assertThat(marks(node(10, 2, ""), Map.of(10, kernel), Map.of(10, kernel))).isEmpty();
    assertThat(marks(young, Map.of(10, read), Map.of(10, read))).isEmpty();
  }

  @Test
  void anUninterruptibleSleepThatNeverChangesIsMarked() {
    MainThreadWait disk =
        new MainThreadWait(
            TaskState.DISK_SLEEP,
            new KernelWait(
                "nfs_wait_bit_killable", SyscallState.inSyscall(0, "openat", List.of(1L))),
            3,
            null,
            false,
            0);

    assertThat(marks(node(10, 1, "p"), Map.of(10, disk), Map.of(10, disk)))
        .singleElement()
        .satisfies(mark -> assertThat(mark.detail()).contains("uninterruptible sleep (D)"));
  }

  @Test
  void aProcessWhoseOtherThreadsWorkIsNotStuck() {
    MainThreadWait joining = waiting("futex", "futex_do_wait", 4, 0x1000L, 393L, 0L, 0L);
    MainThreadWait stillJoining =
        new MainThreadWait(
            TaskState.SLEEPING,
            joining.kernelWait(),
            4,
            null,
            false,
            joining.processCpuMillis() + 250);

    assertThat(
            marks(node(10, 1, "java -jar app.jar"), Map.of(10, joining), Map.of(10, stillJoining)))
        .isEmpty();
    assertThat(marks(node(10, 1, "java -jar app.jar"), Map.of(10, joining), Map.of(10, joining)))
        .singleElement()
        .satisfies(mark -> assertThat(mark.kind()).isEqualTo(ProcessMark.Kind.STUCK_WAIT));
  }

  @Test
  void aParentReadingItsChildsPipeIsMarkedOnlyWhenTheChildIsStuck() {
    MainThreadWait readsChild = waiting("read", "pipe_read", 3, "pipe:[5]", 4L, 0L, 1L);
    MainThreadWait childSleeps = waiting("clock_nanosleep", "hrtimer_nanosleep", 1, 0L, 0L, 0L);
    MainThreadWait childStuck = waiting("read", "pipe_read", 2, "pipe:[6]", 0L, 0L, 1L);
    ProcessNode parent = node(10, 1, "python3 run.py", node(20, 10, "worker"));

    assertThat(
            marks(
                parent,
                Map.of(10, readsChild, 20, childSleeps),
                Map.of(10, readsChild, 20, childSleeps)))
        .isEmpty();
    assertThat(
            marks(
                parent,
                Map.of(10, readsChild, 20, childStuck),
                Map.of(10, readsChild, 20, childStuck)))
        .extracting(ProcessMark::pid, ProcessMark::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20, ProcessMark.Kind.STUCK_WAIT),
            org.assertj.core.groups.Tuple.tuple(10, ProcessMark.Kind.WAITS_ON_STUCK_CHILD));
  }

  @Test
  void aProcessWithAChildThatIsNotStuckMayBeWaitingForItAndIsNotMarked() {
    MainThreadWait joined = waiting("futex", "futex_do_wait", 4, 0x1000L, 393L, 0L, 0L);
    MainThreadWait childWorks = waiting("read", "pipe_read", 1, "pipe:[9]", 0L, 0L, 1L);
    MainThreadWait childWorked =
        new MainThreadWait(TaskState.SLEEPING, childWorks.kernelWait(), 2, "pipe:[9]", false, 100);
    ProcessNode maven = node(10, 1, "java maven", node(20, 10, "java surefire"));

    assertThat(
            marks(maven, Map.of(10, joined, 20, childWorks), Map.of(10, joined, 20, childWorked)))
        .isEmpty();
  }

  @Test
  void aPipelineConsumerWhoseProducerWorksIsNotMarked() {
    MainThreadWait consumer = waiting("read", "pipe_read", 3, "pipe:[7]", 0L, 0L, 1L);
    MainThreadWait producerBefore = waiting("write", "pipe_write", 10, "pipe:[8]", 1L, 0L, 1L);
    MainThreadWait producerAfter =
        new MainThreadWait(
            TaskState.SLEEPING, producerBefore.kernelWait(), 11, "pipe:[8]", false, 140);
    ProcessNode shell = node(5, 1, "sh", node(10, 5, "make"), node(11, 5, "grep error"));
    Map<Integer, MainThreadWait> first = Map.of(10, producerBefore, 11, consumer);
    Map<Integer, MainThreadWait> second = Map.of(10, producerAfter, 11, consumer);

    List<ProcessMark> working =
        ProcessMarks.of(
            List.of(shell),
            first,
            second,
            Map.of("pipe:[7]", java.util.Set.of(10, 11)),
            SETTLE,
            LONG_AFTER);
    List<ProcessMark> selfPipe =
        ProcessMarks.of(
            List.of(shell),
            first,
            second,
            Map.of("pipe:[7]", java.util.Set.of(11)),
            SETTLE,
            LONG_AFTER);

    assertThat(working).isEmpty();
    assertThat(selfPipe).extracting(ProcessMark::pid).containsExactly(11);
  }
}
