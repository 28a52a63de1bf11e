package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.FaulthandlerDump.Frame;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks real CPython 3.11-3.13 processes and compares every thread's frames with what the
 * interpreter's own faulthandler prints for them.
 */
class LivePythonStacksTest {
  private final PythonStackWalker walker = new PythonStackWalker();

  static List<PythonInterpreter> pythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void everyThreadMatchesFaulthandler(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    Path dumpFile = dir.resolve("dump.txt");
    try (Target target = LiveTargets.start(python, dumpFile);
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      long spinner = LiveTargets.readyLong(target, "spinner");
      RuntimeLocation location = LiveTargets.location(target, python, true);
      PythonStacks stacks = LiveTargets.settle(memory, location, target, spinner);

      assertThat(stacks.status()).isEqualTo(Status.READ);
      assertThat(stacks.version()).isEqualTo(python.version());
      assertThat(stacks.layoutSource())
          .isEqualTo(python.minor() >= 13 ? LayoutSource.DEBUG_OFFSETS : LayoutSource.TABLE);
      assertThat(stacks.detail()).isNull();
      assertThat(stacks.threads()).hasSizeGreaterThanOrEqualTo(20);
      assertThat(stacks.threads()).allSatisfy(t -> assertThat(t.problem()).isNull());
      assertThat(stacks.threads()).allSatisfy(t -> assertThat(t.nativeThreadId()).isPositive());
      PythonThread last = stacks.threads().get(stacks.threads().size() - 1);
      assertThat(last.threadId()).isEqualTo(LiveTargets.readyLong(target, "main"));
      assertThat(last.nativeThreadId()).isEqualTo((int) target.pid());

      LiveTargets.sigusr1(target.pid());
      FaulthandlerDump dump = LiveTargets.awaitDump(dumpFile, target.readyInt("threads"));
      assertMatches(stacks, dump, spinner);
      assertKnownStates(stacks, spinner);

      PythonStacks structural = walker.walk(memory, LiveTargets.location(target, python, false));
      assertThat(withoutSpinner(structural, spinner)).isEqualTo(withoutSpinner(stacks, spinner));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void theGilHolderIsOneOfTheThreadsAndTheSpinnerHoldsItInItsLoop(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    try (Target target = LiveTargets.start(python, dir.resolve("dump.txt"), "--sleepers", "0");
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      long spinner = LiveTargets.readyLong(target, "spinner");
      RuntimeLocation location = LiveTargets.location(target, python, true);
      PythonThread holder =
          Await.value(
              "a walk that finds the GIL holder",
              Duration.ofSeconds(10),
              () -> {
                List<PythonThread> holders =
                    walker.walk(memory, location).threads().stream()
                        .filter(PythonThread::holdsGil)
                        .toList();
                assertThat(holders).hasSizeLessThanOrEqualTo(1);
                return holders.stream().findFirst();
              });
      if (holder.threadId() == spinner) {
        assertThat(holder.frames()).first().extracting(PythonFrame::function).isEqualTo("spin");
      }
      int spinnerHeld = 0;
      for (int i = 0; i < 50; i++) {
        spinnerHeld +=
            walker.walk(memory, location).threads().stream()
                    .anyMatch(t -> t.holdsGil() && t.threadId() == spinner)
                ? 1
                : 0;
      }
      System.out.printf("%s: the spinner held the GIL in %d of 50 walks%n", python, spinnerHeld);
      assertThat(spinnerHeld).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void anIdleAsyncioLoopShowsTheSelectorFrames(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    Path dumpFile = dir.resolve("dump.txt");
    try (Target target = LiveTargets.start(python, dumpFile, "--asyncio");
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      RuntimeLocation location = LiveTargets.location(target, python, true);
      Await.until(
          "the event loop to sleep in epoll_wait, as the kernel sees it",
          Duration.ofSeconds(20),
          () -> LiveTargets.inEpollWait(target.pid(), (int) target.pid()));
      PythonStacks stacks = LiveTargets.settle(memory, location, target, 0);
      assertThat(stacks.threads()).hasSize(1);
      List<PythonFrame> frames = stacks.threads().get(0).frames();
      assertThat(frames.subList(0, 3))
          .extracting(PythonFrame::function)
          .containsExactly("select", "_run_once", "run_forever");
      assertThat(frames.get(0).file()).endsWith("selectors.py");
      assertThat(frames.get(0).qualifiedName()).isEqualTo("EpollSelector.select");

      LiveTargets.sigusr1(target.pid());
      assertMatches(stacks, LiveTargets.awaitDump(dumpFile, 1), 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aWalkReadsEveryOneOfFiftyThreads(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    // How long the walk takes is a figure for bench/dump-benchmark, not for a test.
    try (Target target = LiveTargets.start(python, dir.resolve("dump.txt"), "--sleepers", "42");
        ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      RuntimeLocation location = LiveTargets.location(target, python, true);
      long spinner = LiveTargets.readyLong(target, "spinner");
      PythonStacks settled = LiveTargets.settle(memory, location, target, spinner);

      assertThat(settled.threads()).hasSizeGreaterThanOrEqualTo(50);
      assertThat(settled.threads()).allSatisfy(t -> assertThat(t.frames()).isNotEmpty());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aTargetThatExitedIsReportedAsExited(PythonInterpreter python, @TempDir Path dir)
      throws Exception {
    Target target = LiveTargets.start(python, dir.resolve("dump.txt"), "--sleepers", "0");
    try (ProcMemory memory = ProcMemory.open(Path.of("/proc"), (int) target.pid())) {
      RuntimeLocation location = LiveTargets.location(target, python, true);
      assertThat(walker.walk(memory, location).status()).isEqualTo(Status.READ);
      target.close();
      assertThat(target.process().waitFor(10, TimeUnit.SECONDS)).as("target reaped").isTrue();
      PythonStacks stacks = walker.walk(memory, location);
      assertThat(stacks.status()).isEqualTo(Status.TARGET_EXITED);
      assertThat(stacks.threads()).isEmpty();
    } finally {
      target.close();
    }
  }

  private static void assertMatches(PythonStacks stacks, FaulthandlerDump dump, long spinner) {
    Map<Long, PythonThread> ours =
        stacks.threads().stream()
            .collect(Collectors.toMap(PythonThread::threadId, t -> t, (a, b) -> a));
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(dump.threads().keySet());
    for (Map.Entry<Long, List<Frame>> entry : dump.threads().entrySet()) {
      PythonThread thread = ours.get(entry.getKey());
      List<Frame> expected = entry.getValue();
      List<Frame> actual =
          thread.frames().stream().map(f -> new Frame(f.file(), f.line(), f.function())).toList();
      if (expected.size() == FaulthandlerDump.MAX_FRAMES
          && actual.size() > FaulthandlerDump.MAX_FRAMES) {
        actual = actual.subList(0, FaulthandlerDump.MAX_FRAMES);
      }
      String what = String.format("thread 0x%x", entry.getKey());
      if (entry.getKey() == spinner) {
        assertThat(actual)
            .as(what)
            .extracting(Frame::function)
            .containsExactlyElementsOf(expected.stream().map(Frame::function).toList());
      } else {
        assertThat(actual).as(what).containsExactlyElementsOf(expected);
      }
    }
  }

  private static void assertKnownStates(PythonStacks stacks, long spinner) {
    Map<String, PythonThread> byTop =
        stacks.threads().stream()
            .collect(Collectors.toMap(t -> t.frames().get(0).qualifiedName(), t -> t, (a, b) -> a));
    assertThat(byTop)
        .containsKeys(
            "main_waits",
            "hold_lock",
            "spin",
            "Worker.nap",
            "inner_gen",
            "recurse",
            "rest",
            "schläft",
            "眠る",
            "𠀀睡");
    assertThat(byTop.get("spin").threadId()).isEqualTo(spinner);
    assertThat(byTop.get("schläft").frames().get(0).file()).endsWith("/zeitgeber_ü.py");

    List<PythonFrame> generator = byTop.get("inner_gen").frames();
    assertThat(generator.subList(0, 3))
        .extracting(PythonFrame::function, PythonFrame::owner)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("inner_gen", PythonFrame.Owner.GENERATOR),
            org.assertj.core.groups.Tuple.tuple("outer_gen", PythonFrame.Owner.GENERATOR),
            org.assertj.core.groups.Tuple.tuple("drive", PythonFrame.Owner.THREAD));

    PythonThread deep = byTop.get("recurse");
    assertThat(deep.frames().stream().filter(f -> f.function().equals("recurse")).count())
        .isEqualTo(500);
    assertThat(deep.framesTruncated()).isFalse();

    List<PythonFrame> main = byTop.get("main_waits").frames();
    assertThat(main)
        .extracting(PythonFrame::function)
        .containsExactly("main_waits", "main", "<module>");
  }

  private static List<PythonThread> withoutSpinner(PythonStacks stacks, long spinner) {
    return stacks.threads().stream()
        .filter(t -> t.threadId() != spinner)
        .map(
            t ->
                new PythonThread(
                    t.threadId(),
                    t.nativeThreadId(),
                    null,
                    t.nameSource(),
                    false,
                    false,
                    t.frames(),
                    t.framesTruncated(),
                    t.problem()))
        .toList();
  }
}
