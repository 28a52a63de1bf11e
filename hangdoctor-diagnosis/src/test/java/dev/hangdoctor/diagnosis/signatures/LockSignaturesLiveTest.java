package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lock-deadlock and long-lock-wait on real deadlocked and waiting processes, in every window taken
 * after the target proved (through the kernel) that its threads block where they should.
 */
class LockSignaturesLiveTest {
  private static final String DEADLOCK = "lock-deadlock";
  private static final String LONG_WAIT = "long-lock-wait";

  static java.util.stream.Stream<PythonInterpreter> pythons() {
    return LiveFixtures.pythons();
  }

  @Test
  void anAbbaDeadlockOnPthreadMutexesNamesBothThreadsAndMutexes() {
    try (Target target = Target.start(TargetSpec.c("mutexes.c", "deadlock"))) {
      int ab = target.readyInt("ab");
      int ba = target.readyInt("other");
      String a = target.ready().get("a");
      String b = target.ready().get("b");

      Verdicts.everyWindow(
          "the ABBA deadlock",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, DEADLOCK, Math.min(ab, ba));
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.evidence())
                .anySatisfy(
                    l ->
                        assertThat(l)
                            .startsWith("\"transfer-ab\" (tid " + ab + ") waits for mutex " + b)
                            .contains("held by \"transfer-ba\" (tid " + ba + ")")
                            .endsWith(" in transfer (called from transfer_ab)"))
                .anySatisfy(
                    l ->
                        assertThat(l)
                            .startsWith("\"transfer-ba\" (tid " + ba + ") waits for mutex " + a)
                            .contains("held by \"transfer-ab\" (tid " + ab + ")")
                            .endsWith(" in transfer (called from transfer_ba)"));
            assertThat(finding.keyFrames())
                .extracting(f -> f.function())
                .contains("transfer", "transfer_ab", "transfer_ba");
            assertThat(diagnosis.findings()).noneMatch(f -> f.ruleId().equals(LONG_WAIT));
          });
    }
  }

  @Test
  void aMutexHeldByASleepingThreadIsALongWaitNamingTheHolder() {
    try (Target target = Target.start(TargetSpec.c("mutexes.c", "long-wait"))) {
      int waiter = target.readyInt("ab");
      int holder = target.readyInt("other");

      Verdicts.everyWindow(
          "the long wait of tid " + waiter,
          target.pid(),
          diagnosis -> {
            Finding finding = LiveFixtures.finding(diagnosis, LONG_WAIT).orElseThrow();
            // The holder is known (the mutex's owner field), so the wait is HIGH.
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.tid()).isEqualTo(waiter);
            assertThat(finding.evidence())
                .anySatisfy(
                    l ->
                        assertThat(l)
                            .startsWith("held by \"auditor\" (tid " + holder + ")")
                            .contains("clock_nanosleep"));
            assertThat(diagnosis.findings()).noneMatch(f -> f.ruleId().equals(DEADLOCK));
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void pythonTransfersDeadlockedOnThreadingLocks(PythonInterpreter python) {
    Path script = LiveFixtures.script(DEADLOCK, "transfers.py");
    try (Target target = Target.start(LiveFixtures.python(python, DEADLOCK, "transfers.py"))) {
      int first = target.readyInt("to-checking");
      int second = target.readyInt("to-savings");

      Verdicts.everyWindow(
          "the Python deadlock",
          target.pid(),
          diagnosis -> {
            Finding finding = LiveFixtures.finding(diagnosis, DEADLOCK).orElseThrow();
            // The `with` blocks on both stacks show who holds which lock: the cycle is proven.
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.tid()).isIn(first, second);
            assertThat(finding.keyFrames().get(0).file()).isEqualTo(script.toString());
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(script));
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).startsWith("\"to-checking\" (tid " + first + ")"))
                .anySatisfy(l -> assertThat(l).startsWith("\"to-savings\" (tid " + second + ")"));
            assertThat(diagnosis.findings()).noneMatch(f -> f.ruleId().equals(LONG_WAIT));
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aPythonReaderWaitingForALockARefresherSleepsWith(PythonInterpreter python) {
    Path script = LiveFixtures.script(LONG_WAIT, "price_cache.py");
    try (Target target = Target.start(LiveFixtures.python(python, LONG_WAIT, "price_cache.py"))) {
      int reader = target.readyInt("reader");
      int refresher = target.readyInt("refresher");

      Verdicts.everyWindow(
          "the long lock wait of tid " + reader,
          target.pid(),
          diagnosis -> {
            Finding finding = LiveFixtures.finding(diagnosis, LONG_WAIT).orElseThrow();
            // The refresher's `with` block shows it holds the lock: the holder is known.
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.tid()).isEqualTo(reader);
            assertThat(finding.threadName()).isEqualTo("price-reader");
            assertThat(finding.keyFrames().get(0).file()).isEqualTo(script.toString());
            assertThat(finding.keyFrames().get(0).line()).isEqualTo(LiveFixtures.hangsHere(script));
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).contains("\"refresher\" (tid " + refresher + ")"));
            assertThat(diagnosis.findings()).noneMatch(f -> f.ruleId().equals(DEADLOCK));
          });
    }
  }

  @Test
  void aSleepingDaemonIsHealthy() {
    try (Target target = Target.start(TargetSpec.c("sleeping_daemon.c"))) {
      int housekeeper = target.readyInt("housekeeper");

      Verdicts.everyWindow(
          "no hang in a sleeping daemon",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.hangFound()).as("findings: %s", diagnosis.findings()).isFalse();
            assertThat(diagnosis.healthyReasons())
                .anySatisfy(r -> assertThat(r).contains("housekeeper (tid " + housekeeper + ")"));
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void aHookRunAsConditionEnterReturnsHoldsTheLockItWaitsFor(PythonInterpreter python) {
    try (Target target = Target.start(LiveFixtures.python(python, DEADLOCK, "audited_jobs.py"))) {
      int main = target.readyInt("tid");

      Verdicts.everyWindow(
          "the audit hook's self-deadlock",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, "self-deadlock", main);
            // No `with` block holds the lock yet: the hold is the returned Condition.__enter__.
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.keyFrames())
                .extracting(f -> f.qualifiedName())
                .startsWith("audit", "Queue.put");
            assertThat(finding.evidence())
                .anySatisfy(
                    l -> assertThat(l).contains("holds self._lock").contains("(Queue.put)"));
          });
    }
  }
}
