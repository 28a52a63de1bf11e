package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppedConsumingTest {
  private final StoppedConsuming rule = new StoppedConsuming();

  @Test
  void unreadBytesThatNobodyReadsAreFound() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.SOCKETS));

    assertThat(findings)
        .anySatisfy(
            finding -> {
              assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
              assertThat(finding.evidence())
                  .first()
                  .asString()
                  .startsWith("fd 7: TCP 127.0.0.1:54887 → 127.0.0.1:52370");
              assertThat(finding.evidence()).anyMatch(line -> line.startsWith("unread bytes 4242"));
            });
    // fd 5 is the in-process peer of the full send queue: it holds data nobody reads, too.
    assertThat(findings).hasSize(2);
  }

  @Test
  void aSocketWithAThreadBlockedReadingItIsBeingConsumed() {
    Inspection recorded = Fixtures.load(Fixtures.SOCKETS);
    Inspection mainReadsFd7 = withOnlyThreadBlockedIn(recorded, "read", 7);

    assertThat(rule.evaluate(mainReadsFd7))
        .hasSize(1)
        .allSatisfy(finding -> assertThat(finding.evidence().get(0)).startsWith("fd 5:"));
  }

  @Test
  void unreadDataInAProcessWhoseThreadsWaitedForACpuIsNotJudged() {
    Inspection recorded = Fixtures.load(Fixtures.SOCKETS);
    Inspection starved = withFirstThread(recorded, waitingForACpu(recorded, 70));
    Inspection busy = withFirstThread(recorded, waitingForACpu(recorded, 20));

    assertThat(rule.evaluate(starved)).isEmpty();
    assertThat(rule.ruledOut(starved)).contains("waited for a CPU");
    assertThat(rule.evaluate(busy)).hasSize(2);
  }

  @Test
  void unreadBytesOnAConnectionItsPeerClosedAreNotStoppedConsuming() {
    // A poller that never closes its connections, caught before it read a response whose server
    // had already closed: the peer sends nothing more, so nothing can stall (CI, load 20).
    ObjectNode evidence = Fixtures.json(Fixtures.SOCKETS);
    evidence
        .withArray("samples")
        .forEach(
            sample ->
                sample
                    .withArray("sockets")
                    .forEach(
                        socket -> {
                          if (socket.path("fd").asInt() == 7) {
                            ((ObjectNode) socket).put("state", "CLOSE_WAIT");
                          }
                        }));

    List<Finding> findings = rule.evaluate(Fixtures.read(evidence));

    assertThat(findings)
        .singleElement()
        .satisfies(finding -> assertThat(finding.evidence().get(0)).startsWith("fd 5:"));
  }

  @Test
  void connectionsWithNothingQueuedAreNotStoppedConsuming() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.BLOCKING_RECV))).isEmpty();
  }

  @Test
  void doesNotFireOnAHealthyEventLoop() {
    assertThat(rule.evaluate(Fixtures.load(Fixtures.HEALTHY_ASYNCIO))).isEmpty();
  }

  /** The recorded window's first thread, runnable but waiting for a CPU {@code percent} of it. */
  private static ThreadActivity waitingForACpu(Inspection inspection, double percent) {
    ThreadActivity t = inspection.window().threads().get(0);
    return new ThreadActivity(
        t.tid(),
        t.name(),
        t.state(),
        t.kernelWait(),
        t.cpuPercent(),
        t.waitUnchanged(),
        t.samplesSeen(),
        t.voluntaryContextSwitchesDelta(),
        t.involuntaryContextSwitchesDelta(),
        percent);
  }

  /** The recorded window, but with its single thread blocked in {@code call(fd, …)}. */
  private static Inspection withOnlyThreadBlockedIn(Inspection inspection, String call, int fd) {
    WindowSummary window = inspection.window();
    ThreadActivity only = window.threads().get(0);
    KernelWait wait =
        new KernelWait(
            "wait_woken",
            SyscallState.inSyscall(0, call, List.of((long) fd, 0L, 1L)),
            KernelWait.NO_OWNER);
    ThreadActivity reading =
        new ThreadActivity(
            only.tid(),
            only.name(),
            only.state(),
            wait,
            only.cpuPercent(),
            true,
            only.samplesSeen(),
            only.voluntaryContextSwitchesDelta(),
            only.involuntaryContextSwitchesDelta());
    return withFirstThread(inspection, reading);
  }

  /** The recorded window with its first thread replaced by {@code first}. */
  private static Inspection withFirstThread(Inspection inspection, ThreadActivity first) {
    WindowSummary window = inspection.window();
    List<ThreadActivity> threads = new java.util.ArrayList<>(window.threads());
    threads.set(0, first);
    WindowSummary changed =
        new WindowSummary(
            window.samples(),
            window.spanMillis(),
            window.processCpuPercent(),
            threads,
            window.socketQueues(),
            window.firstFdCount(),
            window.lastFdCount());
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        inspection.samples(),
        changed,
        inspection.tree(),
        inspection.partial());
  }
}
