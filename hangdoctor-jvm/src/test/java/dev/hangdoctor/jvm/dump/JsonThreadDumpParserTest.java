package dev.hangdoctor.jvm.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.jvm.dump.JsonThreadDumpParser.JsonThread;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thread.dump_to_file -format=json of the corpus programs on Temurin 25.0.3. */
class JsonThreadDumpParserTest {
  private static JsonThread named(List<JsonThread> threads, String name) {
    return threads.stream().filter(t -> t.thread().name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void monitorsComeWithIdentityStringsAndTheCycleResolves() {
    List<JsonThread> threads = JsonThreadDumpParser.parse(Dumps.json("monitor-deadlock"));
    JavaThread one = named(threads, "settlement-1").thread();

    assertThat(one.state()).isEqualTo("BLOCKED");
    assertThat(one.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.MONITOR_ENTER);
    assertThat(one.waitingFor().object().id()).startsWith("com.example.ledger.Account@");
    assertThat(one.waitingFor().ownerName()).isEqualTo("settlement-2");
    assertThat(one.frames().get(0).describe())
        .isEqualTo("com.example.ledger.Ledger.transfer(Ledger.java:23)");
    assertThat(one.nativeThreadId()).isEqualTo(JavaThread.NOT_MOUNTED);
    assertThat(named(threads, "main").container()).isEqualTo("<root>");
  }

  @Test
  void theJsonAloneListsUnmountedVirtualThreadsWithTheirNames() {
    List<JsonThread> threads = JsonThreadDumpParser.parse(Dumps.json("pinned-in-class-init"));

    JsonThread first = named(threads, "request-1");
    assertThat(first.thread().virtual()).isTrue();
    assertThat(first.carrierId()).isPositive();
    assertThat(first.container()).startsWith("java.util.concurrent.ThreadPerTaskExecutor@");
    JsonThread waiting = named(threads, "request-5");
    assertThat(waiting.thread().state()).isEqualTo("RUNNABLE");
    assertThat(waiting.thread().frames()).isEmpty();
    assertThat(waiting.carrierId()).isEqualTo(JavaThread.NO_ID);
    assertThat(threads).extracting(t -> t.thread().name()).contains("heartbeat", "SubPoller-0");
  }

  @Test
  void parkBlockersAreParkWaitsWithoutAnOwnerOn25() {
    List<JsonThread> threads = JsonThreadDumpParser.parse(Dumps.json("mixed-deadlock"));
    JavaThread sweeper = named(threads, "session-sweeper").thread();

    assertThat(sweeper.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.PARK);
    assertThat(sweeper.waitingFor().hasOwner()).isFalse();
  }

  @Test
  void aParkBlockerWithAnOwnerGivesTheOwner() {
    String json =
        "{\"threadDump\":{\"threadContainers\":[{\"container\":\"<root>\",\"threads\":["
            + "{\"tid\":\"7\",\"name\":\"a\",\"state\":\"WAITING\",\"parkBlocker\":{\"object\":"
            + "\"java.util.concurrent.locks.ReentrantLock$NonfairSync@1\",\"owner\":\"8\"},"
            + "\"stack\":[\"java.base/jdk.internal.misc.Unsafe.park(Native Method)\"]},"
            + "{\"tid\":\"8\",\"name\":\"b\",\"state\":\"RUNNABLE\",\"stack\":[]}]}]}}";

    JavaThread a = named(JsonThreadDumpParser.parse(json), "a").thread();

    assertThat(a.waitingFor().ownerName()).isEqualTo("b");
  }

  @Test
  void somethingElseIsRefused() {
    assertThatThrownBy(
            () -> JsonThreadDumpParser.parse("Failed: java.nio.file.NoSuchFileException"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonThreadDumpParser.parse("{\"other\": 1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
