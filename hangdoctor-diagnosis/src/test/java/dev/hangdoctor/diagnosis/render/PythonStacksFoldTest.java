package dev.hangdoctor.diagnosis.render;

import static dev.hangdoctor.diagnosis.render.Evidence.inCall;
import static dev.hangdoctor.diagnosis.render.Evidence.snapshot;
import static dev.hangdoctor.diagnosis.render.Evidence.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool of idle workers with one stack is one block; a thread doing something else is not. */
class PythonStacksFoldTest {
  private static final List<PythonFrame> IDLE_WORKER =
      List.of(
          new PythonFrame(
              "get", "Queue.get", "/usr/lib/python3.12/queue.py", 171, PythonFrame.Owner.THREAD),
          new PythonFrame(
              "_worker",
              "_worker",
              "/usr/lib/python3.12/concurrent/futures/thread.py",
              89,
              PythonFrame.Owner.THREAD));

  @Test
  void identicalIdleThreadsAreShownOnceAndCounted() {
    List<PythonThread> python = new ArrayList<>();
    List<ThreadSnapshot> kernel = new ArrayList<>();
    for (int tid = 100; tid < 2100; tid++) {
      python.add(
          new PythonThread(
              tid,
              tid,
              "pool_" + tid,
              PythonThread.NameSource.THREADING,
              false,
              true,
              IDLE_WORKER,
              false,
              null));
      kernel.add(
          thread(tid, "python3", inCall("futex_do_wait", 202, "futex", (long) tid, 393L, 0L, 0L)));
    }
    python.add(
        new PythonThread(
            1,
            1,
            "MainThread",
            PythonThread.NameSource.THREADING,
            false,
            true,
            List.of(new PythonFrame("serve", "serve", "/srv/app.py", 12, PythonFrame.Owner.THREAD)),
            false,
            null));
    kernel.add(thread(1, "python3", inCall("do_epoll_wait", 232, "epoll_wait", 3L, 0L, 1L, -1L)));
    ProcessSnapshot snapshot =
        snapshot(0, kernel, List.of(), List.of(), List.of(), true)
            .withPython(
                new PythonStacks(
                    PythonStacks.Status.READ,
                    "3.12.1",
                    "/usr/bin/python3.12",
                    PythonStacks.LayoutSource.TABLE,
                    python,
                    null));

    String text = new PythonStacksRenderer(12).threads(snapshot);

    assertThat(text.lines().filter(line -> line.startsWith("Thread "))).hasSize(2);
    assertThat(text)
        .contains("Thread 1 [0x1] (idle): \"MainThread\"")
        .contains("Thread 100 [0x64] (idle): \"pool_100\"")
        .contains(
            "    (and 1,999 more idle threads with this stack and wait: 101 \"pool_101\", 102"
                + " \"pool_102\"");
    assertThat(text.lines().count()).isLessThan(15);
  }

  @Test
  void threeIdenticalThreadsAreAllShown() {
    List<PythonThread> python = new ArrayList<>();
    List<ThreadSnapshot> kernel = new ArrayList<>();
    for (int tid = 10; tid < 13; tid++) {
      python.add(
          new PythonThread(
              tid,
              tid,
              "pool_" + tid,
              PythonThread.NameSource.THREADING,
              false,
              true,
              IDLE_WORKER,
              false,
              null));
      kernel.add(
          thread(tid, "python3", inCall("futex_do_wait", 202, "futex", (long) tid, 393L, 0L, 0L)));
    }
    ProcessSnapshot snapshot =
        snapshot(0, kernel, List.of(), List.of(), List.of(), true)
            .withPython(
                new PythonStacks(
                    PythonStacks.Status.READ,
                    "3.12.1",
                    "/usr/bin/python3.12",
                    PythonStacks.LayoutSource.TABLE,
                    python,
                    null));

    String text = new PythonStacksRenderer(12).threads(snapshot);

    assertThat(text.lines().filter(line -> line.startsWith("Thread "))).hasSize(3);
    assertThat(text).doesNotContain("more idle threads");
  }
}
