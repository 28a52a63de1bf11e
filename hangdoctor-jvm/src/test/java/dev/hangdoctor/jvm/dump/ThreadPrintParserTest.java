package dev.hangdoctor.jvm.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.JavaDeadlock;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thread.print -l -e of the corpus programs, captured on OpenJDK 17.0.15 and Temurin 25.0.3. */
class ThreadPrintParserTest {

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void theBannerNamesTheVmAndItsVersion(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "monitor-deadlock");

    assertThat(dump.vmName()).isEqualTo("OpenJDK 64-Bit Server VM");
    assertThat(dump.feature()).isEqualTo(jdk);
    assertThat(dump.version()).startsWith(jdk + ".0.");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void everyThreadHasItsFullNameAndItsLinuxThreadId(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "monitor-deadlock");

    assertThat(dump.threads())
        .extracting(JavaThread::name)
        .contains("main", "settlement-1", "settlement-2", "VM Thread", "Monitor Deflation Thread");
    assertThat(dump.threads()).allSatisfy(t -> assertThat(t.nativeThreadId()).isPositive());
    JavaThread settlement = Dumps.thread(dump, "settlement-1");
    assertThat(settlement.javaId()).isPositive();
    assertThat(settlement.daemon()).isFalse();
    assertThat(settlement.vmInternal()).isFalse();
    assertThat(settlement.cpuMillis()).isGreaterThan(0);
    assertThat(Dumps.thread(dump, "VM Thread").vmInternal()).isTrue();
    assertThat(Dumps.thread(dump, "Reference Handler").daemon()).isTrue();
  }

  @Test
  void nidIsHexOn17AndDecimalOn25() {
    assertThat(Dumps.text(17, "monitor-deadlock")).contains("nid=0x336e");
    assertThat(Dumps.thread(Dumps.print(17, "monitor-deadlock"), "settlement-1").nativeThreadId())
        .isEqualTo(0x336e);
    assertThat(Dumps.text(25, "mixed-deadlock")).contains("nid=14944");
    assertThat(Dumps.thread(Dumps.print(25, "mixed-deadlock"), "session-sweeper").nativeThreadId())
        .isEqualTo(14944);
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void aMonitorDeadlockHasBothWaitsWithTheirOwnersAndHotSpotsReport(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "monitor-deadlock");
    JavaThread one = Dumps.thread(dump, "settlement-1");
    JavaThread two = Dumps.thread(dump, "settlement-2");

    assertThat(one.state()).isEqualTo("BLOCKED");
    assertThat(one.stateDetail()).isEqualTo("on object monitor");
    assertThat(one.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.MONITOR_ENTER);
    assertThat(one.waitingFor().object().className()).isEqualTo("com.example.ledger.Account");
    assertThat(one.waitingFor().ownerName()).isEqualTo("settlement-2");
    assertThat(one.waitingFor().ownerTid()).isEqualTo(two.nativeThreadId());
    assertThat(two.waitingFor().ownerName()).isEqualTo("settlement-1");
    JavaFrame top = one.frames().get(0);
    assertThat(top.className()).isEqualTo("com.example.ledger.Ledger");
    assertThat(top.method()).isEqualTo("transfer");
    assertThat(top.file()).isEqualTo("Ledger.java");
    assertThat(top.line()).isEqualTo(23);
    assertThat(top.module()).isNull();
    assertThat(top.locks())
        .extracting(JavaLockEvent::kind)
        .containsExactly(JavaLockEvent.Kind.WAITING_TO_LOCK, JavaLockEvent.Kind.LOCKED);
    assertThat(one.lockedMonitors()).hasSize(1);
    assertThat(dump.deadlocks()).hasSize(1);
    JavaDeadlock deadlock = dump.deadlocks().get(0);
    assertThat(deadlock.edges())
        .extracting(JavaDeadlock.Edge::thread)
        .containsExactly("settlement-1", "settlement-2");
    assertThat(deadlock.edges())
        .extracting(JavaDeadlock.Edge::heldBy)
        .containsExactly("settlement-2", "settlement-1");
    assertThat(deadlock.edges().get(0).resource()).isEqualTo("monitor");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void aMixedDeadlockResolvesTheReentrantLocksOwnerFromTheOwnableSynchronizers(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "mixed-deadlock");
    JavaThread sweeper = Dumps.thread(dump, "session-sweeper");
    JavaThread worker = Dumps.thread(dump, "http-worker-1");

    assertThat(sweeper.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.PARK);
    assertThat(sweeper.waitingFor().object().className())
        .isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync");
    assertThat(sweeper.waitingFor().ownerName()).isEqualTo("http-worker-1");
    assertThat(worker.ownedSynchronizers()).hasSize(1);
    assertThat(worker.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.MONITOR_ENTER);
    assertThat(worker.waitingFor().ownerName()).isEqualTo("session-sweeper");
    assertThat(dump.deadlocks().get(0).edges())
        .extracting(JavaDeadlock.Edge::resource)
        .containsExactly("ownable synchronizer", "monitor");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void aClassInitialisationWaitNamesTheClassAndItsInitialiser(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "class-init-deadlock");
    JavaThread headers = Dumps.thread(dump, "importer-headers");
    JavaThread bodies = Dumps.thread(dump, "importer-bodies");

    assertThat(headers.state()).isEqualTo("RUNNABLE");
    assertThat(headers.frames().get(0).method()).isEqualTo("<clinit>");
    assertThat(headers.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.CLASS_INIT);
    assertThat(headers.waitingFor().object().className()).isEqualTo("com.example.codec.Utf8Codec");
    // Utf8Codec's initialisation was started by importer-bodies, which first waits for Codec.
    assertThat(headers.waitingFor().ownerName()).isEqualTo("importer-bodies");
    assertThat(bodies.waitingFor().object().className()).isEqualTo("com.example.codec.Codec");
    assertThat(bodies.waitingFor().ownerName()).isEqualTo("importer-headers");
    assertThat(dump.deadlocks()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void aThreadInObjectWaitDoesNotHoldTheMonitorItWaitsOn(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "monitor-deadlock");
    JavaThread finalizer = Dumps.thread(dump, "Finalizer");

    assertThat(finalizer.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.OBJECT_WAIT);
    assertThat(finalizer.waitingFor().hasOwner()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void lambdaAndNativeFramesKeepTheirClassAndMethod(int jdk) {
    JavaThread reader = Dumps.thread(Dumps.print(jdk, "socket-read-no-timeout"), "cert-validator");
    List<JavaFrame> frames = reader.frames();

    assertThat(frames.get(0).nativeMethod()).isTrue();
    assertThat(frames.get(0).module()).isEqualTo("java.base");
    assertThat(frames.get(0).line()).isEqualTo(-1);
    assertThat(frames).anySatisfy(f -> assertThat(f.className()).contains("$$Lambda"));
    assertThat(frames)
        .anySatisfy(
            f ->
                assertThat(f.describe())
                    .isEqualTo("com.example.pki.CrlCache.fetch(CrlCache.java:29)"));
    assertThat(reader.ownedSynchronizers()).isNotEmpty();
  }

  @Test
  void aCarrierAndTheVirtualThreadItHasMountedAreTwoThreadsOnOneLinuxThread() {
    ThreadPrint dump = Dumps.print(25, "pinned-in-class-init");
    JavaThread carrier = Dumps.thread(dump, "ForkJoinPool-1-worker-1");
    JavaThread mounted =
        dump.threads().stream()
            .filter(t -> t.virtual() && t.javaId() == carrier.carriedVirtualId())
            .findFirst()
            .orElseThrow();

    assertThat(carrier.carrying()).isTrue();
    assertThat(carrier.nativeThreadId()).isPositive();
    assertThat(carrier.state()).isNull();
    assertThat(carrier.frames().get(0).qualifiedMethod())
        .isEqualTo("jdk.internal.vm.Continuation.run");
    assertThat(mounted.nativeThreadId()).isEqualTo(carrier.nativeThreadId());
    assertThat(mounted.frames())
        .extracting(JavaFrame::qualifiedMethod)
        .contains(
            "java.lang.VirtualThread.parkOnCarrierThread", "com.example.pricing.TaxRules.<clinit>");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 25})
  void theThreadLeftAfterMainReturnedIsDestroyJavaVm(int jdk) {
    ThreadPrint dump = Dumps.print(jdk, "non-daemon-exit");

    assertThat(dump.threads())
        .extracting(JavaThread::name)
        .contains("DestroyJavaVM")
        .doesNotContain("main");
    assertThat(Dumps.thread(dump, "DestroyJavaVM").frames()).isEmpty();
    assertThat(Dumps.thread(dump, "pool-1-thread-1").daemon()).isFalse();
  }

  @Test
  void linesItDoesNotKnowAreSkipped() {
    ThreadPrint dump =
        ThreadPrintParser.parse(
            "garbage\n\"x\" #5 prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s tid=0x1 nid=0x10 runnable  [0x2]\n"
                + "   java.lang.Thread.State: RUNNABLE\n\tat A.b(A.java:1)\n\t- something new\n"
                + "   Compiling: 1234 foo\n\tat C.d(Native Method)\n");

    assertThat(dump.threads())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.nativeThreadId()).isEqualTo(16);
              assertThat(t.frames())
                  .extracting(JavaFrame::qualifiedMethod)
                  .containsExactly("A.b", "C.d");
            });
    assertThat(ThreadPrintParser.parse("").threads()).isEmpty();
  }

  @Test
  void aThreadNameMayContainQuotes() {
    ThreadPrint dump =
        ThreadPrintParser.parse(
            "\"say \"hi\" #3\" #5 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s tid=0x1 nid=17 runnable  [0x2]\n");

    assertThat(dump.threads().get(0).name()).isEqualTo("say \"hi\" #3");
    assertThat(dump.threads().get(0).daemon()).isTrue();
    assertThat(dump.threads().get(0).nativeThreadId()).isEqualTo(17);
  }
}
