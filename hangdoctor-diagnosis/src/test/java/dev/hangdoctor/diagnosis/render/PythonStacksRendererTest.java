package dev.hangdoctor.diagnosis.render;

import static dev.hangdoctor.diagnosis.render.Evidence.inCall;
import static dev.hangdoctor.diagnosis.render.Evidence.snapshot;
import static dev.hangdoctor.diagnosis.render.Evidence.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonStacksRendererTest {
  private static PythonFrame frame(
      String qualname, String file, int line, PythonFrame.Owner owner) {
    String name = qualname.substring(qualname.lastIndexOf('.') + 1);
    return new PythonFrame(name, qualname, file, line, owner);
  }

  @Test
  void threadsShowFramesInnermostFirstWithTheirKernelWait() {
    PythonThread worker =
        new PythonThread(
            0x7f00L,
            8,
            "quote-worker-0",
            PythonThread.NameSource.THREADING,
            false,
            true,
            List.of(
                frame("fetch_quote", "/srv/svc.py", 43, PythonFrame.Owner.THREAD),
                frame(
                    "Thread.run",
                    "/usr/lib/python3.12/threading.py",
                    1010,
                    PythonFrame.Owner.THREAD)),
            false,
            null);
    PythonThread spinner =
        new PythonThread(
            0x7f01L,
            9,
            "spinner",
            PythonThread.NameSource.THREADING,
            true,
            false,
            List.of(frame("ticks", "/srv/svc.py", 7, PythonFrame.Owner.GENERATOR)),
            false,
            null);
    PythonThread broken =
        new PythonThread(
            0x7f02L,
            10,
            "odd",
            PythonThread.NameSource.COMM,
            false,
            false,
            List.of(),
            false,
            "torn read after 3 attempts");
    ProcessSnapshot snapshot =
        snapshot(
                0,
                List.of(
                    thread(8, "python3", inCall("wait_woken", 45, "recvfrom", 5L)),
                    thread(9, "python3", inCall(null, 0, "read", 1L)),
                    thread(10, "python3", inCall(null, 0, "read", 1L))),
                List.of(),
                List.of(),
                List.of(),
                true)
            .withPython(
                new PythonStacks(
                    PythonStacks.Status.READ,
                    "3.12.1",
                    "/lib/libpython3.12.so",
                    PythonStacks.LayoutSource.TABLE,
                    List.of(worker, spinner, broken),
                    null));

    String text = new PythonStacksRenderer(10).threads(snapshot);

    assertThat(text.indexOf("Thread 9 [0x7f01] (active, holds the GIL): \"spinner\""))
        .as("the GIL holder comes first")
        .isLessThan(text.indexOf("Thread 8 [0x7f00] (idle)"));
    assertThat(text)
        .contains(
            "Thread 8 [0x7f00] (idle): \"quote-worker-0\"   S  recvfrom(fd 5) in wait_woken\n"
                + "    fetch_quote (/srv/svc.py:43)\n"
                + "    Thread.run (/usr/lib/python3.12/threading.py:1010)\n")
        .contains("    ticks (/srv/svc.py:7)  [generator/coroutine]")
        .contains("Thread 10 [0x7f02] (active): \"odd\"")
        .contains("(frames not readable: torn read after 3 attempts)");
  }

  @Test
  void deepStacksAreCutAndSaySo() {
    List<PythonFrame> frames = new ArrayList<>();
    for (int depth = 0; depth < 500; depth++) {
      frames.add(frame("recurse", "/srv/deep.py", 3, PythonFrame.Owner.THREAD));
    }
    PythonThread deep =
        new PythonThread(
            1, 8, "MainThread", PythonThread.NameSource.THREADING, false, true, frames, true, null);
    ProcessSnapshot snapshot =
        snapshot(
                0,
                List.of(thread(8, "python3", inCall(null, 0, "read", 1L))),
                List.of(),
                List.of(),
                List.of(),
                true)
            .withPython(
                new PythonStacks(
                    PythonStacks.Status.READ,
                    "3.11.7",
                    "/usr/bin/python3.11",
                    PythonStacks.LayoutSource.TABLE,
                    List.of(deep),
                    null));

    String text = new PythonStacksRenderer(12).threads(snapshot);

    assertThat(text.lines().filter(line -> line.startsWith("    recurse"))).hasSize(12);
    assertThat(text).contains("… 488 more frames (and the stack was deeper than hangdoctor walks)");
  }

  @Test
  void interpreterLineSaysWhereTheLayoutCameFromOrWhyNothingWasRead() {
    assertThat(
            PythonStacksRenderer.interpreterLine(
                new PythonStacks(
                    PythonStacks.Status.READ,
                    "3.13.0",
                    "/lib/libpython3.13.so.1.0",
                    PythonStacks.LayoutSource.DEBUG_OFFSETS,
                    List.of(),
                    null)))
        .isEqualTo(
            "Python 3.13.0 (/lib/libpython3.13.so.1.0), layout from the interpreter's _Py_DebugOffsets");
    assertThat(
            PythonStacksRenderer.interpreterLine(
                PythonStacks.unavailable(
                    PythonStacks.Status.UNSUPPORTED_VERSION,
                    "3.10.13",
                    "unsupported CPython 3.10.13")))
        .isEqualTo("Python stacks not read: unsupported CPython 3.10.13");
  }
}
