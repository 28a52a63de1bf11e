package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.PySpy.SpyFrame;
import dev.hangdoctor.cpython.PySpy.SpyThread;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader against py-spy ({@code py-spy dump --json --nonblocking}) on oracle_target.py: first
 * with every thread parked in the kernel (sleep, lock wait, recv, pipe read), then with one thread
 * holding the GIL in a C call. Both must see the same native threads, and per thread the same
 * identity, name, frames (qualified name, file, line) and GIL ownership; py-spy's {@code active}
 * must be what the kernel says.
 */
class LivePySpyDifferentialTest {
  private static Path library;
  private static Path pySpy;

  private final PythonStackReader reader = new PythonStackReader(ProcFs.system());

  @BeforeAll
  static void compileTheLibrary(@TempDir Path dir) throws Exception {
    library = OracleTarget.compileLibrary(dir);
  }

  /** Per test, not per class: a class skipped in its set-up would show as "Tests run: 0". */
  @BeforeEach
  void findPySpy() throws Exception {
    pySpy = PySpy.require();
  }

  static List<PythonInterpreter> pythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void agreesWithPySpyOnAStillTargetAndOnTheGilHolder(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    try (Target target = OracleTarget.start(python, dir, library)) {
      int pid = (int) target.pid();
      PythonStacks still = OracleTarget.settle(reader, target, 0);
      List<SpyThread> spyStill = PySpy.dump(pySpy, pid);
      assertThat(OracleTarget.settle(reader, target, 0))
          .as("the still target stayed still while py-spy read it")
          .isEqualTo(still);
      assertAgree(still, spyStill, pid);
      assertThat(spyStill).as("py-spy's GIL holders").noneMatch(SpyThread::ownsGil);

      long hog = LiveTargets.readyLong(target, "hog");
      OracleTarget.releaseHog(target);
      Await.until(
          "gil-hog to hold the GIL",
          Duration.ofSeconds(20),
          () -> OracleTarget.thread(reader.read(pid), hog).holdsGil());
      PythonStacks held = OracleTarget.settle(reader, target, hog);
      List<SpyThread> spyHeld = PySpy.dump(pySpy, pid);
      assertAgree(held, spyHeld, pid);
      assertThat(spyHeld)
          .as("py-spy's GIL holders")
          .filteredOn(SpyThread::ownsGil)
          .extracting(SpyThread::threadId)
          .containsExactly(hog);

      System.out.printf(
          "%s: py-spy agrees on %d threads and %d frames, still and with gil-hog holding the GIL%n",
          python, spyStill.size(), spyStill.stream().mapToInt(t -> t.frames().size()).sum());
    }
  }

  private static void assertAgree(PythonStacks stacks, List<SpyThread> spy, int pid) {
    Map<Integer, PythonThread> ours =
        stacks.threads().stream()
            .collect(Collectors.toMap(PythonThread::nativeThreadId, Function.identity()));
    assertThat(ours.keySet())
        .as("native thread ids")
        .containsExactlyInAnyOrderElementsOf(spy.stream().map(SpyThread::osThreadId).toList());
    for (SpyThread theirs : spy) {
      PythonThread thread = ours.get(theirs.osThreadId());
      String what = "thread " + theirs.osThreadId() + " (" + theirs.name() + ")";
      assertThat(thread.threadId()).as(what + " identity").isEqualTo(theirs.threadId());
      assertThat(thread.name()).as(what + " name").isEqualTo(theirs.name());
      assertThat(thread.holdsGil()).as(what + " holds the GIL").isEqualTo(theirs.ownsGil());
      assertThat(theirs.active())
          .as(what + " active for py-spy, busy for the kernel")
          .isEqualTo(!LiveTargets.asleep(pid, theirs.osThreadId()));
      assertThat(
              thread.frames().stream()
                  .map(f -> new SpyFrame(f.qualifiedName(), f.file(), f.line())))
          .as(what + " frames")
          .containsExactlyElementsOf(theirs.frames());
    }
  }
}
