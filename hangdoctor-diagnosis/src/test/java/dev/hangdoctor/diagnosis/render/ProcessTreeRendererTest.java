package dev.hangdoctor.diagnosis.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeRendererTest {
  private static ProcessNode node(
      int pid, int ppid, String wchan, String command, ProcessNode... children) {
    return new ProcessNode(
        pid,
        ppid,
        "p" + pid,
        List.of(command.split(" ")),
        0,
        TaskState.SLEEPING,
        wchan,
        700_000,
        CpuTime.ZERO,
        List.of(children));
  }

  @Test
  void onlyTheMarkedProcessesCarryAMark() {
    ProcessNode stuck = node(30, 20, "anon_pipe_read", "cmd30");
    ProcessNode sleeper = node(31, 20, "hrtimer_nanosleep", "cmd31");
    ProcessNode middle = node(20, 10, "do_wait", "cmd20", stuck, sleeper);
    ProcessNode top = node(10, 1, "do_wait", "cmd10", middle);
    List<ProcessMark> marks =
        List.of(
            new ProcessMark(
                30, ProcessMark.Kind.STUCK_WAIT, "read(fd 0: pipe:[7]) in anon_pipe_read"),
            new ProcessMark(
                20, ProcessMark.Kind.WAITS_ON_STUCK_CHILD, "waits on stuck child PID 30"));

    String out = new ProcessTreeRenderer(OutputStyle.PLAIN).render(List.of(top), marks);

    assertThat(out).containsPattern("(?m)^10 +1 +11m40s +S +do_wait +cmd10$");
    assertThat(out).containsPattern("(?m)^20 +10 .*└─ cmd20   ◀ waits on stuck child PID 30$");
    assertThat(out)
        .containsPattern(
            "(?m)^30 +20 .*   ├─ cmd30   ◀ read\\(fd 0: pipe:\\[7\\]\\) in anon_pipe_read$");
    assertThat(out).containsPattern("(?m)^31 +20 .*   └─ cmd31$");
  }

  @Test
  void longCommandsAreCutToTheTerminalAndWholeInAPipe() {
    String command = "python3 " + "x".repeat(200);
    ProcessNode lone = node(40, 1, "do_select", command);

    String piped = new ProcessTreeRenderer(OutputStyle.PLAIN).render(List.of(lone), List.of());
    String terminal =
        new ProcessTreeRenderer(new OutputStyle(Redactor.DEFAULT, 80, false))
            .render(List.of(lone), List.of());

    assertThat(piped).contains(command);
    assertThat(terminal.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(terminal).contains("python3 xxx").contains("…");
  }
}
