package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import org.junit.jupiter.api.Test;

class PipeDeadlockTest {

  @Test
  void aParentInPopenWaitOnAChildBlockedWritingItsStdout() {
    Diagnosis top = Fixtures.loadTree(Fixtures.PIPE_DEADLOCK).diagnose();
    int line = Fixtures.hangsHere("export_report.py");

    assertThat(top.findings()).hasSize(1);
    Finding finding = top.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo("pipe-deadlock");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.tid()).isEqualTo(18820);
    assertThat(finding.keyFrames().get(0).file()).endsWith("/export_report.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(line);
    assertThat(finding.evidence())
        .anySatisfy(l -> assertThat(l).startsWith("wait4(").contains("do_wait"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("child PID 18826")
                    .contains("anon_pipe_write")
                    .contains("report_writer.py:8"))
        .anySatisfy(l -> assertThat(l).contains("is open in this process as fd 3"));
    assertThat(finding.fix()).contains("export_report.py:" + line).contains("communicate()");
    assertThat(top.children()).singleElement().satisfies(c -> assertThat(c.findings()).isEmpty());
  }

  @Test
  void theSameInC() {
    Diagnosis top = Fixtures.loadTree(Fixtures.C_PIPE_DEADLOCK).diagnose();

    assertThat(top.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("pipe-deadlock");
              assertThat(f.tid()).isEqualTo(19033);
              assertThat(f.keyFrames()).isEmpty();
              assertThat(f.fix()).contains("before calling waitpid()");
            });
  }

  @Test
  void aParentJoiningOneQueueWriterWhileAnotherBlocksInThePipe() {
    Diagnosis top = Fixtures.loadTree(Fixtures.MP_QUEUE_JOIN).diagnose();

    assertThat(top.findings()).isNotEmpty();
    Finding finding = top.findings().get(0);
    assertThat(finding.ruleId()).isEqualTo("pipe-deadlock");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.kind()).isEqualTo("pipe deadlock with child PID 6411");
    assertThat(finding.threadName()).isEqualTo("MainThread");
    assertThat(finding.keyFrames())
        .anySatisfy(f -> assertThat(f.qualifiedName()).isEqualTo("shard_stats"));
    assertThat(finding.evidence())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("child PID 6411")
                    .contains("waits too")
                    .contains("Queue._feed"))
        .anySatisfy(l -> assertThat(l).startsWith("sibling PID 6412").contains("write("));
    assertThat(finding.explanation()).contains("multiprocessing.Queue");
    assertThat(finding.fix()).contains("before joining");
  }

  @Test
  void aParentWaitingOnAChildThatWritesNothingIsNoPipeDeadlock() {
    for (String name : Fixtures.TREES) {
      if (!name.equals(Fixtures.PIPE_DEADLOCK)
          && !name.equals(Fixtures.C_PIPE_DEADLOCK)
          && !name.equals(Fixtures.MP_QUEUE_JOIN)) {
        assertThat(Fixtures.loadTree(name).diagnose().flatten())
            .as(name)
            .allSatisfy(
                d -> assertThat(d.findings()).noneMatch(f -> f.ruleId().equals(PipeDeadlock.ID)));
      }
    }
  }
}
