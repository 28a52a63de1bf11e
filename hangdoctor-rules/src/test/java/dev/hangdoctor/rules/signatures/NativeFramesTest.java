package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.internal.NativeFrames;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules on C threads whose native stacks were read (evidence recorded on 2026-12-03 with {@code
 * inspect --json --samples 3}): the program's own frames become the findings' key frames and are
 * named in the text. Older evidence without stacks keeps its findings unchanged (the other tests).
 */
class NativeFramesTest {
  /** mutexes.c deadlock: transfer-ab (21640) and transfer-ba (21641) in transfer, line 63. */
  private static final String MUTEX_DEADLOCK = "native-mutex-deadlock-stacks";

  /** fswatch.c (corpus native-condvar-lost-wakeup): main (21776) in start_watcher, line 110. */
  private static final String CONDVAR = "native-condvar-wait";

  /**
   * job_server.c (corpus control native-job-pool-idle): its one worker in pthread_cond_wait at
   * worker, the main thread in accept(), the janitor asleep.
   */
  private static final String IDLE_POOL = "native-idle-job-pool";

  @Test
  void aMutexDeadlockNamesEachThreadsOwnFrames() {
    List<Finding> findings = new LockDeadlock().evaluate(Fixtures.load(MUTEX_DEADLOCK));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(names(finding.keyFrames()))
        .containsSubsequence("transfer:63", "transfer_ab:73")
        .contains("transfer_ba:80");
    assertThat(finding.evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("\"transfer-ab\" (tid 21640) waits for mutex")
                    .endsWith(":63 in transfer (called from transfer_ab)"));
    assertThat(finding.fix()).contains(":63 in transfer");
  }

  @Test
  void aConditionWaitNobodySignalsIsAnOrphanedWaitAtTheCallersLine() {
    Inspection inspection = Fixtures.load(CONDVAR);

    List<Finding> findings = new OrphanedWait().evaluate(inspection);

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.ruleId()).isEqualTo("orphaned-wait");
    assertThat(finding.confidence()).isEqualTo(Confidence.LOW);
    assertThat(finding.tid()).isEqualTo(21776);
    assertThat(names(finding.keyFrames())).containsExactly("start_watcher:110", "main:126");
    assertThat(finding.keyFrames().get(0).file()).endsWith("/fswatch.c");
    assertThat(finding.explanation()).contains("pthread_cond_signal").contains("lost");
    assertThat(finding.fix()).contains("fswatch.c:110 in start_watcher").contains("while (!");
  }

  @Test
  void anIdleWorkerWhoseServerWaitsForConnectionsIsNoOrphanedWait() {
    Inspection inspection = Fixtures.load(IDLE_POOL);

    assertThat(inspection.window().threads())
        .anySatisfy(t -> assertThat(t.kernelWait().syscall().name()).isEqualTo("accept"));
    assertThat(new OrphanedWait().evaluate(inspection)).isEmpty();
  }

  @Test
  void aFindingWithoutKeyFramesGetsTheThreadsOwnFrames() {
    Inspection inspection = Fixtures.load(CONDVAR);
    Finding bare =
        new Finding("x", "x", Confidence.LOW, 21776, "fswatch", List.of(), List.of(), "", "Fix.");

    Finding enriched = NativeFrames.withNativeFrames(inspection, bare);

    assertThat(names(enriched.keyFrames())).containsExactly("start_watcher:110", "main:126");
    assertThat(enriched.evidence())
        .singleElement()
        .asString()
        .startsWith("native stack of \"fswatch\" (tid 21776): ")
        .contains("pthread_cond_wait (libc.so.6) ← start_watcher (fswatch.c:110)");
    assertThat(enriched.fix()).endsWith("at fswatch.c:110 in start_watcher (called from main).");
  }

  @Test
  void recordedEvidenceWithoutNativeStacksHasNoConditionFinding() {
    for (String name : Fixtures.ALL) {
      assertThat(NativeConditionWait.evaluate(Fixtures.load(name))).as(name).isEmpty();
    }
  }

  private static List<String> names(List<PythonFrame> frames) {
    return frames.stream().map(f -> f.function() + ":" + f.line()).toList();
  }
}
