package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.hangdoctor.cpython.FaulthandlerDump.Frame;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonFrame.Owner;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonThread.NameSource;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The faulthandler oracle on states stacks_target.py lacks (oracle_target.py): a thread in {@code
 * socket.recv} on a silent TCP peer, a thread holding the GIL inside a long C call, threads started
 * from C that entered Python through a ctypes callback, a coroutine frame under {@code
 * asyncio.run}, and thread names as {@code threading.enumerate()} has them. Everything goes through
 * {@link PythonStackReader}, the production path: locating the interpreter, walking, naming.
 */
class LiveOracleCasesTest {
  private static final int GIL_READS = 20;
  private static Path library;

  private final PythonStackReader reader = new PythonStackReader(ProcFs.system());

  @BeforeAll
  static void compileTheLibraryThatStartsCThreads(@TempDir Path dir) throws Exception {
    library = OracleTarget.compileLibrary(dir);
  }

  static List<PythonInterpreter> pythons() {
    return LiveTargets.supportedPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void everyThreadMatchesFaulthandlerWhileOneHoldsTheGilInACCall(
      PythonInterpreter python, @TempDir Path dir) throws Exception {
    try (Target target = OracleTarget.start(python, dir, library)) {
      int pid = (int) target.pid();
      long hog = LiveTargets.readyLong(target, "hog");
      int hogLine = OracleTarget.line("hog");
      OracleTarget.settle(reader, target, 0);

      OracleTarget.releaseHog(target);
      Await.until(
          "gil-hog to hold the GIL in its sum() call",
          Duration.ofSeconds(20),
          () -> {
            PythonThread t = OracleTarget.thread(reader.read(pid), hog);
            return t.holdsGil() && t.frames().get(0).line() == hogLine;
          });
      int held = 0;
      for (int i = 0; i < GIL_READS; i++) {
        PythonStacks stacks = reader.read(pid);
        assertThat(stacks.threads().stream().filter(PythonThread::holdsGil).count())
            .as("GIL holders in one read")
            .isLessThanOrEqualTo(1);
        PythonThread t = OracleTarget.thread(stacks, hog);
        assertThat(t.frames().get(0))
            .as("(b) gil-hog's top frame is its sum() call")
            .extracting(PythonFrame::function, PythonFrame::line)
            .containsExactly("hog", hogLine);
        held += t.holdsGil() ? 1 : 0;
      }
      System.out.printf("%s: gil-hog held the GIL in %d of %d reads%n", python, held, GIL_READS);
      assertThat(held).as("(b) reads in which gil-hog held the GIL").isGreaterThan(GIL_READS / 2);

      PythonStacks stacks = OracleTarget.settle(reader, target, hog);
      LiveTargets.sigusr1(pid);
      FaulthandlerDump dump =
          LiveTargets.awaitDump(OracleTarget.dumpFile(dir), target.readyInt("threads"));
      assertThat(stacks.status()).isEqualTo(Status.READ);
      assertThat(stacks.version()).isEqualTo(python.version());
      assertSameAsFaulthandler(stacks, dump);

      Map<String, PythonThread> byRole = byRole(stacks, target);
      SoftAssertions soft = new SoftAssertions();
      recvOnASilentTcpPeer(soft, byRole.get("recv"), pid);
      holdingTheGilInACCall(soft, stacks, byRole.get("hog"), hogLine);
      startedFromC(soft, byRole.get("cnamed"), byRole.get("cplain"), pid);
      coroutineUnderAsyncioRun(soft, byRole.get("loop"));
      namesAsThreadingHasThem(soft, stacks, dir);
      soft.assertAll();
    }
  }

  /** Every thread's frames (file, line, function) are the ones faulthandler printed. */
  private static void assertSameAsFaulthandler(PythonStacks stacks, FaulthandlerDump dump) {
    Map<Long, PythonThread> ours =
        stacks.threads().stream().collect(Collectors.toMap(PythonThread::threadId, t -> t));
    assertThat(ours.keySet())
        .as("thread identities")
        .containsExactlyInAnyOrderElementsOf(dump.threads().keySet());
    for (Map.Entry<Long, List<Frame>> entry : dump.threads().entrySet()) {
      PythonThread thread = ours.get(entry.getKey());
      assertThat(thread.frames().stream().map(f -> new Frame(f.file(), f.line(), f.function())))
          .as("frames of thread 0x%x (%s)", entry.getKey(), thread.name())
          .containsExactlyElementsOf(entry.getValue());
    }
  }

  private static Map<String, PythonThread> byRole(PythonStacks stacks, Target target) {
    Map<Long, PythonThread> byIdent =
        stacks.threads().stream()
            .collect(Collectors.toMap(PythonThread::threadId, Function.identity()));
    return target.ready().entrySet().stream()
        .filter(e -> !e.getKey().equals("threads"))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> {
                  PythonThread thread = byIdent.get(Long.parseLong(e.getValue()));
                  assertThat(thread).as("thread %s", e.getKey()).isNotNull();
                  return thread;
                }));
  }

  /** (a) In recv on a TCP socket whose peer never sends: the recv line, and the kernel agrees. */
  private static void recvOnASilentTcpPeer(SoftAssertions soft, PythonThread recv, int pid)
      throws Exception {
    soft.assertThat(recv.frames())
        .as("(a) recv-blocked's frames")
        .extracting(PythonFrame::function)
        .startsWith("wait_for_data", "run");
    soft.assertThat(recv.frames().get(0).line())
        .as("(a) recv-blocked's line")
        .isEqualTo(OracleTarget.line("recv"));
    soft.assertThat(recv.holdsGil()).as("(a) recv-blocked holds the GIL").isFalse();
    Path task =
        Path.of("/proc", Integer.toString(pid), "task", Integer.toString(recv.nativeThreadId()));
    soft.assertThat(Files.readString(task.resolve("syscall")))
        .as("(a) recv-blocked's system call, recvfrom being 45")
        .startsWith("45 ");
  }

  /** (b) The GIL holder is the hog alone, at its sum() line, and it is running. */
  private static void holdingTheGilInACCall(
      SoftAssertions soft, PythonStacks stacks, PythonThread hog, int hogLine) {
    soft.assertThat(stacks.threads())
        .as("(b) threads holding the GIL")
        .filteredOn(PythonThread::holdsGil)
        .extracting(PythonThread::name)
        .containsExactly("gil-hog");
    soft.assertThat(hog.frames())
        .as("(b) gil-hog's frames")
        .extracting(PythonFrame::function, PythonFrame::line)
        .first()
        .isEqualTo(tuple("hog", hogLine));
  }

  /**
   * (c) Threads started by pthread_create show the ctypes callback's frame and nothing under it.
   * The reader names threads from {@code threading}'s registry only: the callback that called
   * {@code threading.current_thread()} made threading register it as a {@code _DummyThread}
   * "Dummy-N" (THREADING); the other one is unknown to threading, so the reader leaves it unnamed
   * (NONE) and the kernel's comm is filled in later, by the diagnosis join (COMM).
   */
  private static void startedFromC(
      SoftAssertions soft, PythonThread named, PythonThread plain, int pid) throws Exception {
    int fromC = OracleTarget.line("from_c");
    for (PythonThread thread : List.of(named, plain)) {
      soft.assertThat(thread.frames())
          .as("(c) frames of the C thread %d", thread.nativeThreadId())
          .extracting(PythonFrame::function, PythonFrame::line, PythonFrame::owner)
          .containsExactly(tuple("from_c", fromC, Owner.THREAD));
      soft.assertThat(thread.nativeThreadId())
          .as("(c) the C thread is a task of the target")
          .isNotEqualTo(pid)
          .matches(tid -> Files.isDirectory(Path.of("/proc/" + pid + "/task/" + tid)), "a task");
    }
    soft.assertThat(named.name()).as("(c) name of the registered C thread").matches("Dummy-\\d+");
    soft.assertThat(named.nameSource()).isEqualTo(NameSource.THREADING);
    soft.assertThat(plain.name()).as("(c) name of the unregistered C thread").isNull();
    soft.assertThat(plain.nameSource()).isEqualTo(NameSource.NONE);
  }

  /** (d) The coroutine's frame is owned by its coroutine object and sits above the loop's. */
  private static void coroutineUnderAsyncioRun(SoftAssertions soft, PythonThread loop)
      throws Exception {
    List<PythonFrame> frames = loop.frames();
    List<String> functions = frames.stream().map(PythonFrame::function).toList();
    soft.assertThat(frames.get(0))
        .as("(d) asyncio-loop's top frame")
        .extracting(PythonFrame::function, PythonFrame::line, PythonFrame::owner)
        .containsExactly("handler", OracleTarget.line("handler"), Owner.GENERATOR);
    soft.assertThat(functions)
        .as("(d) asyncio-loop's frames")
        .containsSubsequence("handler", "run_forever", "run_until_complete", "run", "serve");
    soft.assertThat(frames.subList(1, frames.size()))
        .as("(d) frames under the coroutine")
        .extracting(PythonFrame::owner)
        .containsOnly(Owner.THREAD);
  }

  /** (e) Each name threading.enumerate() lists is the reader's, and only those are THREADING. */
  private static void namesAsThreadingHasThem(SoftAssertions soft, PythonStacks stacks, Path dir)
      throws Exception {
    Map<Long, String> expected = OracleTarget.threadingNames(dir);
    Map<Long, String> ours =
        stacks.threads().stream()
            .filter(t -> t.nameSource() == NameSource.THREADING)
            .collect(Collectors.toMap(PythonThread::threadId, PythonThread::name));
    soft.assertThat(ours).as("(e) names from threading").isEqualTo(expected);
    soft.assertThat(expected)
        .as("(e) the oracle's names")
        .containsValues(
            "MainThread", "recv-blocked", "gil-hog", "asyncio-loop", "lock-waiter", "überwacher");
  }
}
