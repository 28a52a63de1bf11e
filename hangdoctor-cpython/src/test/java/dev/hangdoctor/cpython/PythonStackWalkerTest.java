package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.fake.FakeCPython;
import dev.hangdoctor.cpython.fake.LineTableWriter;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.walker.CodeCache;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.evidence.PythonStacks.Status;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RecordedMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonStackWalkerTest {
  private final PythonStackWalker walker = new PythonStackWalker();

  static Stream<Arguments> everyVersionWithAndWithoutSymbols() {
    return Stream.of(11, 12, 13, 14)
        .flatMap(minor -> Stream.of(Arguments.of(minor, true), Arguments.of(minor, false)));
  }

  private PythonStacks walk(Scenario scenario) {
    return walker.walk(scenario.fake.memory(), scenario.fake.location(false));
  }

  @ParameterizedTest(name = "3.{0}, exported type symbols: {1}")
  @MethodSource("everyVersionWithAndWithoutSymbols")
  void readsEveryThreadFramesLinesOwnersAndTheGilHolder(int minor, boolean symbols) {
    Scenario scenario = new Scenario(minor);
    PythonStacks stacks = walker.walk(scenario.fake.memory(), scenario.fake.location(symbols));

    assertThat(stacks.status()).isEqualTo(Status.READ);
    assertThat(stacks.version()).isEqualTo("3." + minor + ".5");
    assertThat(stacks.binary()).isEqualTo("/usr/bin/python3." + minor);
    assertThat(stacks.layoutSource())
        .isEqualTo(minor >= 13 ? LayoutSource.DEBUG_OFFSETS : LayoutSource.TABLE);
    assertThat(stacks.detail()).isNull();
    assertThat(stacks.threads()).containsExactlyElementsOf(scenario.expected);
  }

  @Test
  void aCorruptDebugOffsetsCookieStillReadsEverythingFromTheTable() {
    Scenario scenario = new Scenario(13);
    scenario.fake.corruptCookie();
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.layoutSource()).isEqualTo(LayoutSource.TABLE);
    assertThat(stacks.detail()).contains("no xdebugpy cookie");
    assertThat(stacks.threads()).containsExactlyElementsOf(scenario.expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x030A0DF0, 0x030F00A1})
  void anUnsupportedVersionIsAnOutcomeNotGarbage(int versionHex) {
    RuntimeLocation location =
        new RuntimeLocation(FakeCPython.RUNTIME, versionHex, "python", false, 0, Map.of());
    PythonStacks stacks = walker.walk(new Scenario(12).fake.memory(), location);
    assertThat(stacks.status()).isEqualTo(Status.UNSUPPORTED_VERSION);
    assertThat(stacks.detail()).startsWith("unsupported CPython 3.1");
    assertThat(stacks.threads()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aLoopInOneFrameChainIsThatThreadsProblem(int minor) {
    Scenario scenario = new Scenario(minor);
    scenario.fake.putLong(
        scenario.napFrame + scenario.fake.facts().get("frame.previous"), scenario.napFrame);
    PythonStacks stacks = walk(scenario);

    PythonThread napper = byId(stacks, Scenario.NAP_ID);
    assertThat(napper.problem()).contains("loops back").contains("3 attempts");
    assertThat(napper.framesTruncated()).isTrue();
    assertThat(napper.frames())
        .extracting(PythonFrame::qualifiedName)
        .containsExactly("Worker.nap");
    assertOthersIntact(scenario, stacks, Scenario.NAP_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aChainEndingAtAFrameCDidNotCallIsThatThreadsProblemNotAShortStack(int minor) {
    // A read that caught a popped frame's reused slot, or a finished generator's frame, finds no
    // previous frame there: the stack would look short (CI saw a busy worker as [iterencode]).
    Scenario scenario = new Scenario(minor);
    scenario.fake.putLong(scenario.spinFrame + scenario.fake.facts().get("frame.previous"), 0);
    if (minor == 11) {
      scenario.fake.putByte(scenario.spinFrame + 68, 0); // no is_entry: a Python caller was there
    }
    PythonStacks stacks = walk(scenario);

    PythonThread spinner = byId(stacks, Scenario.SPIN_ID);
    assertThat(spinner.problem()).contains("a frame C did not call").contains("3 attempts");
    assertThat(spinner.framesTruncated()).isTrue();
    assertOthersIntact(scenario, stacks, Scenario.SPIN_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aChainEndingAtAGeneratorsFrameIsThatThreadsProblemNotAShortStack(int minor) {
    // A generator that yields while it is read: the entry below its frame (3.11: the frame itself,
    // marked is_entry) no longer leads to its resumer, and a busy 3.11 worker's stack came back as
    // its genexpr alone in 3.7% of reads.
    Scenario scenario = new Scenario(minor);
    long previous = scenario.fake.facts().get("frame.previous");
    scenario.fake.putLong(
        scenario.ticksFrame + previous, minor == 11 ? 0 : scenario.fake.shim(3, 0));
    PythonStacks stacks = walk(scenario);

    PythonThread ticker = byId(stacks, Scenario.GEN_ID);
    assertThat(ticker.problem()).contains("a generator's frame").contains("3 attempts");
    assertOthersIntact(scenario, stacks, Scenario.GEN_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aFramePointingAtGarbageIsThatThreadsProblem(int minor) {
    Scenario scenario = new Scenario(minor);
    long garbage = scenario.fake.garbage(512);
    scenario.fake.putLong(scenario.spinFrame + scenario.fake.facts().get("frame.code"), garbage);
    PythonStacks stacks = walk(scenario);

    PythonThread spinner = byId(stacks, Scenario.SPIN_ID);
    assertThat(spinner.problem()).contains("code object");
    assertThat(spinner.frames()).isEmpty();
    assertOthersIntact(scenario, stacks, Scenario.SPIN_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void anUnmappedPointerMidWalkKeepsTheFramesBeforeIt(int minor) {
    Scenario scenario = new Scenario(minor);
    scenario.fake.putLong(
        scenario.napFrame + scenario.fake.facts().get("frame.previous"), 0x6000_0000L);
    PythonStacks stacks = walk(scenario);

    PythonThread napper = byId(stacks, Scenario.NAP_ID);
    assertThat(napper.problem()).contains("not recorded");
    assertThat(napper.frames()).extracting(PythonFrame::function).containsExactly("nap");
    assertOthersIntact(scenario, stacks, Scenario.NAP_ID);
  }

  @Test
  void aCodeObjectOfTheWrongTypeIsRejectedWithoutSymbolsToo() {
    Scenario scenario = new Scenario(14);
    long notCode = scenario.fake.str("not a code object, but long enough to read its fields");
    scenario.fake.putLong(scenario.spinFrame + scenario.fake.facts().get("frame.code"), notCode);
    PythonStacks stacks = walk(scenario);
    assertThat(byId(stacks, Scenario.SPIN_ID).problem()).contains("not PyCode_Type");
    assertOthersIntact(scenario, stacks, Scenario.SPIN_ID);
  }

  @Test
  void anUnknownOwnerValueIsAProblemNotAFrame() {
    Scenario scenario = new Scenario(13);
    scenario.fake.putByte(scenario.napFrame + scenario.fake.facts().get("frame.owner"), 9);
    PythonStacks stacks = walk(scenario);
    assertThat(byId(stacks, Scenario.NAP_ID).problem()).contains("owner 9");
  }

  @Test
  void aTornReadIsRetriedAndTheThreadComesBackWhole() {
    Scenario scenario = new Scenario(13);
    RecordedMemory real = scenario.fake.memory();
    AtomicInteger tornReads = new AtomicInteger();
    RemoteMemory tornOnce =
        new ForwardingMemory(real) {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            byte[] bytes = super.read(address, length);
            if (address == scenario.napFrame && tornReads.getAndIncrement() == 0) {
              bytes[70] = 7;
            }
            return bytes;
          }
        };
    PythonStacks stacks = walker.walk(tornOnce, scenario.fake.location(false));
    assertThat(tornReads).hasValueGreaterThan(1);
    assertThat(stacks.threads()).containsExactlyElementsOf(scenario.expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void aSecondWalkWithTheCodesOfTheFirstReadsLessAndFindsTheSame(int minor) {
    Scenario scenario = new Scenario(minor);
    CodeCache codes = new CodeCache();
    CountingMemory first = new CountingMemory(scenario.fake.memory());
    PythonStacks before = walker.walk(first, scenario.fake.location(false), null, codes);
    CountingMemory second = new CountingMemory(scenario.fake.memory());
    PythonStacks after = walker.walk(second, scenario.fake.location(false), null, codes);

    assertThat(codes.size()).isPositive();
    assertThat(after.threads())
        .isEqualTo(before.threads())
        .containsExactlyElementsOf(scenario.expected);
    assertThat(second.reads.get()).isLessThan(first.reads.get());
  }

  @Test
  void aCodeObjectReplacedAtTheSameAddressIsReadAgain() {
    Scenario scenario = new Scenario(13);
    CodeCache codes = new CodeCache();
    walker.walk(scenario.fake.memory(), scenario.fake.location(false), null, codes);
    long code = longAt(scenario, scenario.spinFrame + scenario.fake.facts().get("frame.code"));
    scenario.fake.putLong(
        code + scenario.fake.facts().get("code.qualname"), scenario.fake.str("Poller.spin"));

    PythonStacks stacks =
        walker.walk(scenario.fake.memory(), scenario.fake.location(false), null, codes);
    assertThat(byId(stacks, Scenario.SPIN_ID).frames().get(0).qualifiedName())
        .isEqualTo("Poller.spin");
  }

  private static long longAt(Scenario scenario, long address) {
    try {
      return java.nio.ByteBuffer.wrap(scenario.fake.memory().read(address, 8))
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .getLong();
    } catch (MemoryReadException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void framesAreBoundedPerThread() {
    Scenario scenario = new Scenario(12);
    FakeCPython fake = scenario.fake;
    long code =
        fake.code(
            "recurse", "recurse", "/srv/deep.py", 5, new LineTableWriter().line(1, 8).bytes());
    long frame = 0;
    for (int i = 0; i < 5000; i++) {
      frame = fake.frame(code, 2, 0, frame);
    }
    fake.thread(0x7f99L, 200, frame);
    PythonStacks stacks = walk(scenario);
    PythonThread deep = byId(stacks, 0x7f99L);
    assertThat(deep.frames()).hasSize(4096);
    assertThat(deep.framesTruncated()).isTrue();
    assertThat(deep.problem()).isNull();
    assertThat(deep.frames().get(0))
        .isEqualTo(Scenario.frame("recurse", "recurse", "/srv/deep.py", 6));
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 14})
  void aReleasedGilHasNoHolderThoughLastHolderStaysSet(int minor) {
    Scenario scenario = new Scenario(minor);
    scenario.fake.releaseGil(scenario.fake.mainInterpreter(), scenario.spinThread);
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.threads()).noneMatch(PythonThread::holdsGil);
  }

  @Test
  void onElevenTheHolderIsTstateCurrent() {
    Scenario scenario = new Scenario(11);
    scenario.fake.holdGil(0, scenario.napThread);
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.threads())
        .filteredOn(PythonThread::holdsGil)
        .extracting(PythonThread::threadId)
        .containsExactly(Scenario.NAP_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 14})
  void whenThreadFlagsDisagreeTheGilStructureDecides(int minor) {
    Scenario scenario = new Scenario(minor);
    scenario.fake.setGilFlag(scenario.spinThread, false);
    scenario.fake.setGilFlag(scenario.napThread, true);
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.threads())
        .filteredOn(PythonThread::holdsGil)
        .extracting(PythonThread::threadId)
        .containsExactly(Scenario.SPIN_ID);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 14})
  void aGilSeenFreeWhileTheHoldersFlagIsSetIsReadAgain(int minor) {
    Scenario scenario = new Scenario(minor);
    FakeCPython fake = scenario.fake;
    long locked = fake.mainInterpreter() + fake.facts().get("interp._gil") + 16;
    AtomicInteger lockedReads = new AtomicInteger();
    RemoteMemory handOver =
        new ForwardingMemory(fake.memory()) {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            byte[] bytes = super.read(address, length);
            if (address == locked && lockedReads.getAndIncrement() == 0) {
              bytes[0] = 0;
            }
            return bytes;
          }
        };
    PythonStacks stacks = walker.walk(handOver, fake.location(false));
    assertThat(lockedReads).hasValue(2);
    assertThat(byId(stacks, Scenario.SPIN_ID).holdsGil()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 12, 13, 14})
  void subInterpretersAreWalkedBeforeTheMainOne(int minor) {
    Scenario scenario = new Scenario(minor);
    FakeCPython fake = scenario.fake;
    long sub = fake.interpreter();
    long code =
        fake.code("sub_work", "sub_work", "<string>", 1, new LineTableWriter().line(0, 4).bytes());
    fake.thread(sub, 0x7f77L, 300, fake.frame(code, 1, 0, 0));
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.threads()).hasSize(5);
    assertThat(stacks.threads().get(0).threadId()).isEqualTo(0x7f77L);
    assertThat(stacks.threads().get(0).frames())
        .containsExactly(Scenario.frame("sub_work", "sub_work", "<string>", 1));
    assertThat(stacks.threads().subList(1, 5)).containsExactlyElementsOf(scenario.expected);
  }

  @Test
  void aLoopInTheThreadListKeepsTheThreadsReadAndSaysSo() {
    Scenario scenario = new Scenario(13);
    scenario.fake.putLong(
        scenario.spinThread + scenario.fake.facts().get("ts.next"), scenario.genThread);
    PythonStacks stacks = walk(scenario);
    assertThat(stacks.status()).isEqualTo(Status.READ);
    assertThat(stacks.detail()).contains("thread list cut short").contains("loops back");
    assertThat(stacks.threads())
        .extracting(PythonThread::threadId)
        .containsExactly(Scenario.GEN_ID, Scenario.NAP_ID, Scenario.SPIN_ID);
  }

  @Test
  void anUnreadableInterpreterListIsUnreadable() {
    Scenario scenario = new Scenario(12);
    RecordedMemory memory = scenario.fake.memory();
    RecordedMemory broken = new RecordedMemory().with(FakeCPython.RUNTIME, new byte[1024]);
    broken.with(FakeCPython.RUNTIME, longAt(40, 0x6000_0000L, 1024));
    assertThat(memory.regions()).isNotEmpty();
    PythonStacks stacks = walker.walk(broken, scenario.fake.location(false));
    assertThat(stacks.status()).isEqualTo(Status.UNREADABLE);
    assertThat(stacks.detail()).contains("thread list unreadable");
  }

  @Test
  void aTargetThatExitsMidWalkIsTargetExited() {
    Scenario scenario = new Scenario(14);
    AtomicInteger reads = new AtomicInteger();
    RemoteMemory exiting =
        new ForwardingMemory(scenario.fake.memory()) {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            if (reads.incrementAndGet() > 12) {
              throw new MemoryReadException(
                  "process gone", MemoryReadException.Reason.TARGET_EXITED, null);
            }
            return super.read(address, length);
          }
        };
    PythonStacks stacks = walker.walk(exiting, scenario.fake.location(false));
    assertThat(stacks.status()).isEqualTo(Status.TARGET_EXITED);
    assertThat(stacks.threads()).isEmpty();
    assertThat(stacks.version()).isEqualTo("3.14.5");
  }

  @Test
  void aRefusedReadIsPermissionDenied() {
    Scenario scenario = new Scenario(11);
    RemoteMemory refusing =
        new ForwardingMemory(scenario.fake.memory()) {
          @Override
          public byte[] read(long address, int length) throws MemoryReadException {
            throw new MemoryReadException(
                "EPERM", MemoryReadException.Reason.PERMISSION_DENIED, null);
          }
        };
    PythonStacks stacks = walker.walk(refusing, scenario.fake.location(false));
    assertThat(stacks.status()).isEqualTo(Status.PERMISSION_DENIED);
    assertThat(stacks.detail()).isEqualTo("EPERM");
  }

  private static byte[] longAt(int offset, long value, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < 8; i++) {
      bytes[offset + i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  private static PythonThread byId(PythonStacks stacks, long id) {
    return stacks.threads().stream().filter(t -> t.threadId() == id).findFirst().orElseThrow();
  }

  private static void assertOthersIntact(Scenario scenario, PythonStacks stacks, long broken) {
    assertThat(stacks.status()).isEqualTo(Status.READ);
    List<PythonThread> others =
        stacks.threads().stream().filter(t -> t.threadId() != broken).toList();
    List<PythonThread> expected =
        scenario.expected.stream().filter(t -> t.threadId() != broken).toList();
    assertThat(others).containsExactlyElementsOf(expected);
  }

  /** Delegates every read; tests override {@link #read} to tear or fail some. */
  /** Counts the reads a walk makes. */
  private static final class CountingMemory extends ForwardingMemory {
    final AtomicInteger reads = new AtomicInteger();

    CountingMemory(RemoteMemory delegate) {
      super(delegate);
    }

    @Override
    public byte[] read(long address, int length) throws MemoryReadException {
      reads.incrementAndGet();
      return super.read(address, length);
    }
  }

  private static class ForwardingMemory implements RemoteMemory {
    private final RemoteMemory delegate;

    ForwardingMemory(RemoteMemory delegate) {
      this.delegate = delegate;
    }

    @Override
    public byte[] read(long address, int length) throws MemoryReadException {
      return delegate.read(address, length);
    }

    @Override
    public void close() {}
  }
}
