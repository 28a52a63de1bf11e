package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signatures read mostly from the kernel (a read without a timeout, a spin, a socket nobody
 * drains, leaked descriptors) on real programs stuck in them; each fixture's rule must lead its
 * diagnosis and be the only rule that fires, in every window taken after its handshake.
 */
class KernelSignaturesLiveTest {
  private static final String NETWORK_READ = "blocking-network-read";
  private static final String SPIN = "cpu-spin";
  private static final String STOPPED = "stopped-consuming";
  private static final String CLOSE_WAIT = "close-wait-leak";

  private static final Pattern UNREAD = Pattern.compile("unread bytes (\\d+) → (\\d+) across .*");
  private static final Pattern CLOSE_WAIT_COUNT = Pattern.compile("(\\d+) sockets in CLOSE_WAIT.*");
  private static final Pattern FD_COUNTS = Pattern.compile("open descriptors (\\d+) → (\\d+) .*");

  static Stream<PythonInterpreter> pythons() {
    return Verdicts.supportedCpythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aLookupReadingASilentBackendWithoutTimeoutIsNamedAtItsRecv(PythonInterpreter python) {
    Path script = LiveFixtures.script(NETWORK_READ, "inventory_client.py");
    try (Target target =
        Target.start(LiveFixtures.python(python, NETWORK_READ, script.getFileName().toString()))) {
      int worker = target.readyInt("worker");

      Verdicts.everyWindow(
          NETWORK_READ + " leads for tid " + worker,
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, NETWORK_READ, worker);
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.threadName()).isEqualTo("stock-lookup");
            HungFixtures.assertMarked(finding.keyFrames().get(0), script);
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).contains("(peer connected, 0 bytes unread)"));
            assertOnlyRule(diagnosis, NETWORK_READ);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aThreadPollingAConfigFlagSpinsAtTheMarkedLine(PythonInterpreter python) {
    Path script = LiveFixtures.script(SPIN, "config_watcher.py");
    try (Target target = Target.start(LiveFixtures.python(python, SPIN, "config_watcher.py"))) {
      int waiter = target.readyInt("waiter");

      Verdicts.everyWindow(
          "a HIGH " + SPIN + " of tid " + waiter,
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, SPIN, waiter);
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.threadName()).isEqualTo("config-waiter");
            // The loop spins over two lines (the test and its `pass`); a sample lands on either.
            PythonFrame spinning = finding.keyFrames().get(0);
            assertThat(spinning.file()).isEqualTo(script.toString());
            int loop = LiveFixtures.hangsHere(script);
            assertThat(spinning.line()).isBetween(loop, loop + 1);
            assertOnlyRule(diagnosis, SPIN);
          });
    }
  }

  @Test
  void aNativeBusyLoopIsAMediumSpinOfItsThread() {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int spinner = target.readyInt("spin_tid");

      Verdicts.everyWindow(
          "a MEDIUM " + SPIN + " of tid " + spinner,
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, SPIN, spinner);
            assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
            // a running thread shows no registers without ptrace: only its start routine is named
            assertThat(finding.keyFrames())
                .extracting(f -> f.function())
                .containsExactly("spinner");
            assertOnlyRule(diagnosis, SPIN);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void anActorThatStoppedDrainingItsConnectionLetsItsInboxGrow(PythonInterpreter python) {
    try (Target target =
        Target.start(LiveFixtures.python(python, STOPPED, "order_actor.py", "growing"))) {
      int actorFd = target.readyInt("actor_fd");

      Verdicts.everyWindow(
          "the actor's inbox growing",
          target.pid(),
          diagnosis -> {
            Finding finding = leading(diagnosis, STOPPED);
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.tid()).isEqualTo(Finding.PROCESS_WIDE);
            assertThat(finding.evidence().get(0)).startsWith("fd " + actorFd + ": ");
            long[] unread = unread(finding);
            assertThat(unread[1])
                .as("unread bytes at the end of the window")
                .isGreaterThan(unread[0]);
            assertThat(finding.evidence()).anySatisfy(l -> assertThat(l).endsWith("(growing)"));
            assertOnlyRule(diagnosis, STOPPED);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void anActorThatStoppedDrainingItsConnectionLetsItFillUntilTheFeedBlocks(
      PythonInterpreter python) {
    try (Target target =
        Target.start(
            LiveFixtures.python(python, STOPPED, "order_actor.py", "full")
                .withReadyTimeout(LiveFixtures.HANDSHAKE))) {
      int actorFd = target.readyInt("actor_fd");
      int feed = target.readyInt("feed");

      Verdicts.everyWindow(
          "the feed blocked sending into the full inbox",
          target.pid(),
          diagnosis -> {
            Finding finding = leading(diagnosis, STOPPED);
            assertThat(finding.evidence().get(0)).startsWith("fd " + actorFd + ": ");
            long[] unread = unread(finding);
            assertThat(unread[0]).as("unread bytes in the full inbox").isPositive();
            assertThat(unread[1]).isGreaterThanOrEqualTo(unread[0]);
            assertThat(blockedSending(diagnosis, feed))
                .as("the feed (tid %d) in sendto/write for the whole window", feed)
                .isTrue();
            assertOnlyRule(diagnosis, STOPPED);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aPollerThatNeverClosesItsConnectionsLeavesThemInCloseWait(PythonInterpreter python) {
    try (Target target =
        Target.start(LiveFixtures.python(python, CLOSE_WAIT, "replica_poller.py"))) {
      Verdicts.everyWindow(
          "CLOSE_WAIT sockets and descriptor growth",
          target.pid(),
          diagnosis -> {
            Finding closeWait = leading(diagnosis, CLOSE_WAIT);
            assertThat(closeWait.confidence()).isEqualTo(Confidence.HIGH);
            Matcher count = CLOSE_WAIT_COUNT.matcher(closeWait.evidence().get(0));
            assertThat(count.matches()).as(closeWait.evidence().get(0)).isTrue();
            assertThat(Integer.parseInt(count.group(1))).isGreaterThanOrEqualTo(10);
            assertThat(count.group(0)).as("the count grows in the window").contains(" → ");
            // The sockets grew, so the stacks were read densely after the window. Whether a read
            // catches the poller inside create_connection (well under a millisecond) depends on
            // the machine's load; when one does, the finding must name the poller's call site.
            assertThat(diagnosis.inspection().connectionReads().reads())
                .as("dense stack reads taken")
                .isPositive();
            if (diagnosis.inspection().connectionReads().sightings().isEmpty()) {
              assertThat(closeWait.evidence().get(1))
                  .startsWith("no user code seen in a network client call in ");
            } else {
              assertThat(closeWait.keyFrames().get(0).qualifiedName())
                  .isEqualTo("StatusPoller.poll_once");
              assertThat(closeWait.kind())
                  .endsWith("opened by socket.create_connection in StatusPoller.poll_once");
              assertThat(closeWait.evidence().get(1))
                  .containsPattern(
                      "StatusPoller.poll_once \\(.*replica_poller.py:\\d+\\) seen calling"
                          + " socket.create_connection in \\d+ of \\d+ stack reads");
            }
            for (String replica : List.of("replica_a", "replica_b")) {
              assertThat(closeWait.evidence())
                  .as("grouped by the replica connected to")
                  .anySatisfy(
                      l ->
                          assertThat(l)
                              .endsWith(" to remote 127.0.0.1:" + target.readyInt(replica)));
            }

            // The descriptor-growth finding needs the poller to open enough sockets in the
            // window, which its pace on a loaded machine decides: when the window shows that
            // growth, the finding must be there; when not, it must not be.
            WindowSummary window = diagnosis.inspection().window();
            int opened = window.fdGrowth();
            if (opened >= 50) {
              assertThat(diagnosis.findings()).hasSize(2);
              Finding leak = diagnosis.findings().get(1);
              assertThat(leak.ruleId()).isEqualTo(CLOSE_WAIT);
              assertThat(leak.confidence()).isEqualTo(Confidence.MEDIUM);
              Matcher fds = FD_COUNTS.matcher(leak.evidence().get(0));
              assertThat(fds.matches()).as(leak.evidence().get(0)).isTrue();
              int growth = Integer.parseInt(fds.group(2)) - Integer.parseInt(fds.group(1));
              assertThat(growth).isEqualTo(opened);
              assertThat(leak.evidence()).contains("sockets +" + growth);
            } else {
              assertThat(diagnosis.findings()).hasSize(1);
            }
            assertOnlyRule(diagnosis, CLOSE_WAIT);
          });
    }
  }

  private static Finding leading(Diagnosis diagnosis, String ruleId) {
    assertThat(diagnosis.findings()).as("findings").isNotEmpty();
    Finding first = diagnosis.findings().get(0);
    assertThat(first.ruleId()).as("the leading finding: %s", first).isEqualTo(ruleId);
    return first;
  }

  private static boolean blockedSending(Diagnosis diagnosis, int tid) {
    return diagnosis.inspection().window().threads().stream()
        .filter(t -> t.tid() == tid)
        .anyMatch(KernelSignaturesLiveTest::inSendForWindow);
  }

  private static boolean inSendForWindow(ThreadActivity thread) {
    return thread.waitUnchanged()
        && List.of("sendto", "write").contains(thread.kernelWait().syscall().name());
  }

  private static long[] unread(Finding finding) {
    for (String line : finding.evidence()) {
      Matcher m = UNREAD.matcher(line);
      if (m.matches()) {
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      }
    }
    throw new AssertionError("no unread bytes in " + finding.evidence());
  }

  private static void assertOnlyRule(Diagnosis diagnosis, String ruleId) {
    assertThat(diagnosis.findings()).allSatisfy(f -> assertThat(f.ruleId()).isEqualTo(ruleId));
    assertThat(diagnosis.children()).allSatisfy(c -> assertThat(c.findings()).isEmpty());
  }
}
