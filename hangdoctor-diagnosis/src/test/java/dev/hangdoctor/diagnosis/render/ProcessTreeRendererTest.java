package dev.hangdoctor.diagnosis.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeRendererTest {
  private static ProcessNode node(
      int pid, int ppid, String wchan, long elapsed, TaskState state, ProcessNode... children) {
    return new ProcessNode(
        pid,
        ppid,
        "p" + pid,
        List.of("cmd" + pid),
        0,
        state,
        wchan,
        elapsed,
        CpuTime.ZERO,
        List.of(children));
  }

  @Test
  void marksWaitingParentsAndTheLongRunningBlockedDescendant() {
    ProcessNode stuck = node(30, 20, "anon_pipe_read", 600_000, TaskState.SLEEPING);
    ProcessNode young = node(31, 20, "hrtimer_nanosleep", 1_000, TaskState.SLEEPING);
    ProcessNode busy = node(32, 20, null, 600_000, TaskState.RUNNING);
    ProcessNode middle = node(20, 10, "do_wait", 600_000, TaskState.SLEEPING, stuck, young, busy);
    ProcessNode top = node(10, 1, "do_wait", 700_000, TaskState.SLEEPING, middle);

    String out = new ProcessTreeRenderer(60_000).render(List.of(top));

    assertThat(out).containsPattern("(?m)^10 +1 +11m40s +S +do_wait +cmd10   waits for a child$");
    assertThat(out).containsPattern("(?m)^20 +10 .*└─ cmd20   waits for a child$");
    assertThat(out)
        .containsPattern("(?m)^30 +20 .*   ├─ cmd30   ◀ long-running, blocked in anon_pipe_read$");
    assertThat(out).containsPattern("(?m)^31 +20 .*   ├─ cmd31$");
    assertThat(out).containsPattern("(?m)^32 +20 .*   └─ cmd32   ◀ long-running$");
  }

  @Test
  void aLeafInDoWaitWithoutChildrenIsNotSaidToWaitForOne() {
    ProcessNode lonely = node(40, 1, "do_wait", 1_000, TaskState.SLEEPING);

    assertThat(new ProcessTreeRenderer(60_000).render(List.of(lonely)))
        .doesNotContain("waits for a child");
  }
}
