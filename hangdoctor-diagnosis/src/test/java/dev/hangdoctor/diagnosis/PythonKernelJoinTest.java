package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonKernelJoinTest {
  private static final PythonFrame FRAME =
      new PythonFrame("run", "Worker.run", "/srv/w.py", 12, PythonFrame.Owner.THREAD);

  @Test
  void sleepingThreadsAreIdleAndUnnamedOnesTakeTheKernelName() {
    ProcessSnapshot snapshot =
        snapshot(
            kernel(10, "python3", TaskState.SLEEPING),
            kernel(11, "python3", TaskState.RUNNING),
            kernel(12, "python3", TaskState.SLEEPING));
    PythonStacks stacks =
        stacks(
            python(10, "MainThread", PythonThread.NameSource.THREADING, false),
            python(11, null, PythonThread.NameSource.NONE, true),
            python(12, null, PythonThread.NameSource.NONE, false));

    List<PythonThread> joined = PythonKernelJoin.join(snapshot, stacks).threads();

    assertThat(joined.get(0).idle()).isTrue();
    assertThat(joined.get(0).name()).isEqualTo("MainThread");
    assertThat(joined.get(1).idle()).as("the GIL holder is never idle").isFalse();
    assertThat(joined.get(1).name()).isEqualTo("python3");
    assertThat(joined.get(1).nameSource()).isEqualTo(PythonThread.NameSource.COMM);
    assertThat(joined.get(2).idle()).isTrue();
  }

  @Test
  void theProcesssMainThreadIsMainThreadWhenThreadingDidNotNameIt() {
    ProcessSnapshot snapshot =
        snapshot(
            kernel(10, "python3.14", TaskState.SLEEPING),
            kernel(11, "python3.14", TaskState.SLEEPING));
    PythonStacks stacks =
        stacks(
            python(10, null, PythonThread.NameSource.NONE, false),
            python(11, null, PythonThread.NameSource.NONE, false));

    List<PythonThread> joined = PythonKernelJoin.join(snapshot, stacks).threads();

    assertThat(joined.get(0).name()).isEqualTo("MainThread");
    assertThat(joined.get(0).nameSource()).isEqualTo(PythonThread.NameSource.MAIN_THREAD);
    assertThat(joined.get(1).name()).as("not the process's main thread").isEqualTo("python3.14");
    assertThat(joined.get(1).nameSource()).isEqualTo(PythonThread.NameSource.COMM);
  }

  @Test
  void unreadStacksPassThroughUntouched() {
    PythonStacks unsupported =
        PythonStacks.unavailable(PythonStacks.Status.UNSUPPORTED_VERSION, "3.10.13", "unsupported");

    assertThat(PythonKernelJoin.join(snapshot(), unsupported)).isSameAs(unsupported);
    assertThat(PythonKernelJoin.join(snapshot(), null)).isNull();
  }

  private static PythonStacks stacks(PythonThread... threads) {
    return new PythonStacks(
        PythonStacks.Status.READ,
        "3.12.1",
        "/lib/libpython3.12.so",
        PythonStacks.LayoutSource.TABLE,
        List.of(threads),
        null);
  }

  private static PythonThread python(
      int tid, String name, PythonThread.NameSource source, boolean gil) {
    return new PythonThread(
        tid * 1000L, tid, name, source, gil, false, List.of(FRAME), false, null);
  }

  private static ThreadSnapshot kernel(int tid, String comm, TaskState state) {
    return new ThreadSnapshot(
        tid,
        comm,
        state,
        new KernelWait(null, SyscallState.RUNNING, KernelWait.NO_OWNER),
        CpuTime.ZERO,
        0,
        0);
  }

  private static ProcessSnapshot snapshot(ThreadSnapshot... threads) {
    ProcessInfo info =
        new ProcessInfo(
            10,
            1,
            "python3",
            0,
            "root",
            List.of("python3"),
            null,
            null,
            TaskState.SLEEPING,
            false,
            0,
            0,
            threads.length,
            0,
            CpuTime.ZERO);
    return new ProcessSnapshot(
        0,
        0,
        info,
        List.of(threads),
        new FdSummary(0, 0, 0, 0, 0, 0, 1024, 1024),
        List.of(),
        List.of(),
        List.of(),
        null);
  }
}
