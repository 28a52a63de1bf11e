package dev.hangdoctor.cpython.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.MiniJson;
import dev.hangdoctor.cpython.PythonStackWalker;
import dev.hangdoctor.evidence.PythonCall;
import dev.hangdoctor.evidence.PythonLock;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonWait;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lock ownership, waits and the call being made, read from memory captured of {@code
 * activity_target.py} on each CPython minor ({@link ActivityCapture} made the captures), checked
 * against the target's own account: the ids of its locks and objects and its threads' idents.
 */
class ActivityReaderCapturedTest {

  private static final class Read {
    final PythonStacks stacks;
    final Map<String, Object> oracle;
    final List<String> script;

    Read(int minor) throws IOException, URISyntaxException {
      MemoryCapture capture;
      try (InputStream in =
          ActivityReaderCapturedTest.class.getResourceAsStream("capture-3." + minor + ".txt.gz")) {
        capture = MemoryCapture.read(in);
      }
      stacks = new PythonStackWalker().walk(capture.memory(), capture.location, capture::syscall);
      oracle = MiniJson.object(MiniJson.parse(capture.oracle));
      script =
          Files.readAllLines(
              Path.of(ActivityReaderCapturedTest.class.getResource("activity_target.py").toURI()));
    }

    PythonThread thread(String name) {
      return stacks.threads().stream()
          .filter(t -> name.equals(t.name()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no thread " + name + " in " + stacks.threads()));
    }

    long lock(String name) {
      return number(MiniJson.object(oracle.get("locks")).get(name));
    }

    long object(String name) {
      return number(MiniJson.object(oracle.get("objects")).get(name));
    }

    long ident(String thread) {
      return number(MiniJson.array(MiniJson.object(oracle.get("threads")).get(thread)).get(0));
    }

    /** The 1-based line of the script that is exactly {@code text} once stripped. */
    int line(String text) {
      return line("", text);
    }

    /** The same, the first such line after the line that starts with {@code after}. */
    int line(String after, String text) {
      boolean started = after.isEmpty();
      for (int i = 0; i < script.size(); i++) {
        started |= script.get(i).startsWith(after);
        if (started && script.get(i).strip().equals(text)) {
          return i + 1;
        }
      }
      throw new AssertionError("no line " + text);
    }
  }

  private static long number(Object value) {
    return ((BigDecimal) value).longValueExact();
  }

  @ParameterizedTest(name = "3.{0}")
  @ValueSource(ints = {11, 12, 13, 14})
  void anAbbaPairHoldsOneLockEachAndWaitsForTheOther(int minor) throws Exception {
    Read read = new Read(minor);

    PythonThread withFirst = read.thread("with_a_then_b");
    assertThat(withFirst.holds())
        .singleElement()
        .satisfies(
            hold -> {
              assertThat(hold.lock().address()).isEqualTo(read.lock("A"));
              assertThat(hold.lock().name()).isEqualTo("A");
              assertThat(hold.lock().held()).isTrue();
              assertThat(hold.how()).isEqualTo(PythonLockHold.How.WITH_BLOCK);
              assertThat(hold.frame()).isZero();
              assertThat(hold.line()).isEqualTo(read.line("with A:"));
            });
    PythonWait waitsForB = withFirst.waitsFor();
    assertThat(waitsForB.kind()).isEqualTo(PythonWait.Kind.LOCK);
    assertThat(waitsForB.object()).isEqualTo(read.lock("B"));
    assertThat(waitsForB.lock().name()).isEqualTo("B");
    assertThat(waitsForB.lock().held()).isTrue();
    assertThat(withFirst.call().withEntry()).isTrue();
    assertThat(withFirst.call().expression()).isEqualTo("B.__enter__");
    assertThat(withFirst.call().receiverType()).isEqualTo("_thread.lock");

    PythonThread acquirer = read.thread("with_b_then_acquire_a");
    assertThat(acquirer.holds())
        .singleElement()
        .satisfies(
            hold -> {
              assertThat(hold.lock().address()).isEqualTo(read.lock("B"));
              assertThat(hold.line()).isEqualTo(read.line("def with_b_then_acquire_a", "with B:"));
            });
    assertThat(acquirer.waitsFor().object()).isEqualTo(read.lock("A"));
    assertThat(acquirer.waitsFor().objectName()).isEqualTo("A");
    assertThat(acquirer.call())
        .isEqualTo(
            new PythonCall(
                "A.acquire",
                "_thread.lock.acquire",
                PythonCall.TargetKind.NATIVE,
                "_thread.lock",
                false));
  }

  @ParameterizedTest(name = "3.{0}")
  @ValueSource(ints = {11, 12, 13, 14})
  void anRLockNamesItsOwnerAndItsCount(int minor) throws Exception {
    Read read = new Read(minor);
    long owner = read.ident("rlock_twice");

    PythonThread holder = read.thread("rlock_twice");
    assertThat(holder.holds()).hasSize(2);
    for (PythonLockHold hold : holder.holds()) {
      PythonLock lock = hold.lock();
      assertThat(lock.address()).isEqualTo(read.lock("R"));
      assertThat(lock.reentrant()).isTrue();
      assertThat(lock.ownerThreadId()).isEqualTo(owner);
      assertThat(lock.count()).isEqualTo(2);
    }
    assertThat(holder.holds())
        .extracting(PythonLockHold::line)
        .containsExactly(read.line("with R:"), read.line("with R:") + 1);
    assertThat(holder.call().target()).isEqualTo("time.sleep");
    assertThat(holder.call().targetKind()).isEqualTo(PythonCall.TargetKind.NATIVE);

    PythonWait waiting = read.thread("rlock_waiter").waitsFor();
    assertThat(waiting.kind()).isEqualTo(PythonWait.Kind.LOCK);
    assertThat(waiting.lock().address()).isEqualTo(read.lock("R"));
    assertThat(waiting.lock().ownerThreadId()).isEqualTo(owner);
    assertThat(waiting.objectName()).isEqualTo("R");
  }

  @ParameterizedTest(name = "3.{0}")
  @ValueSource(ints = {11, 12, 13, 14})
  void queueEventAndConditionWaitsNameTheirObjects(int minor) throws Exception {
    Read read = new Read(minor);

    assertWait(read.thread("queue_getter"), PythonWait.Kind.QUEUE_GET, read.object("jobs"));
    assertThat(read.thread("queue_getter").waitsFor().objectName()).isEqualTo("store.jobs");
    assertThat(read.thread("queue_getter").waitsFor().objectType()).isEqualTo("queue.Queue");
    assertWait(read.thread("event_waiter"), PythonWait.Kind.EVENT, read.object("ready"));
    assertThat(read.thread("event_waiter").waitsFor().objectName()).isEqualTo("store.ready");
    PythonThread conditionWaiter = read.thread("condition_waiter");
    assertWait(conditionWaiter, PythonWait.Kind.CONDITION, read.object("cond"));
    assertThat(conditionWaiter.holds()).as("Condition.wait releases the lock").isEmpty();
    for (String name : List.of("queue_getter", "event_waiter", "condition_waiter")) {
      assertThat(read.thread(name).holds()).as(name).isEmpty();
    }

    PythonWait join = read.thread("joiner").waitsFor();
    assertThat(join.kind()).isEqualTo(PythonWait.Kind.THREAD_JOIN);
    assertThat(join.object()).isEqualTo(read.object("rlock_twice"));
    assertThat(join.joinedThreadId()).isEqualTo(read.ident("rlock_twice"));
  }

  @ParameterizedTest(name = "3.{0}")
  @ValueSource(ints = {11, 12, 13, 14})
  void callsIntoCNameTheCallableAndAnAttributeLockIsNamedThroughSelf(int minor) throws Exception {
    Read read = new Read(minor);

    PythonThread reader = read.thread("state_reader");
    assertThat(reader.call())
        .isEqualTo(
            new PythonCall(
                "sock.recv", "_socket.socket.recv", PythonCall.TargetKind.NATIVE, "socket", false));
    assertThat(reader.holds())
        .singleElement()
        .satisfies(
            hold -> {
              assertThat(hold.lock().address()).isEqualTo(read.lock("state"));
              assertThat(hold.lock().name()).isEqualTo("store._state_lock");
            });
    assertThat(reader.waitsFor()).isNull();

    PythonThread json = read.thread("json_reader");
    assertThat(json.frames().get(0).function()).isEqualTo("load");
    assertThat(json.frames().get(0).call()).isEqualTo("fp.read");
    assertThat(json.frames().get(1).call()).isEqualTo("json.load");
    assertThat(json.frames().get(1).line()).isEqualTo(read.line("json.load(stream)"));
    assertThat(json.frames().get(1).column()).isEqualTo(4);
    assertThat(json.frames().get(1).endColumn()).isEqualTo("    json.load(stream)".length());
    assertThat(json.call().expression()).isEqualTo("fp.read");
    assertThat(json.call().targetKind()).isEqualTo(PythonCall.TargetKind.NATIVE);
    assertThat(json.call().target()).endsWith(".read");

    List<dev.hangdoctor.evidence.PythonFrame> joinerFrames = read.thread("joiner").frames();
    assertThat(joinerFrames.get(joinerFrames.size() - 1).calledFromNative())
        .as("a thread's first frame is called from C")
        .isTrue();
    assertThat(joinerFrames.get(0).calledFromNative()).isFalse();

    PythonThread main =
        read.stacks.threads().stream()
            .filter(t -> "MainThread".equals(t.name()))
            .findFirst()
            .orElseThrow();
    assertThat(main.call().expression()).isEqualTo("time.sleep");
    assertThat(main.call().target()).isEqualTo("time.sleep");
    assertThat(main.call().receiverType()).isNull();
  }

  private static void assertWait(PythonThread thread, PythonWait.Kind kind, long object) {
    assertThat(thread.waitsFor()).as(thread.name()).isNotNull();
    assertThat(thread.waitsFor().kind()).as(thread.name()).isEqualTo(kind);
    assertThat(thread.waitsFor().object()).as(thread.name()).isEqualTo(object);
  }
}
