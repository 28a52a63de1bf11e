package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TreeTargetTest {
  private static final Duration SETTLE = Duration.ofSeconds(5);

  @Test
  void everyLevelIsStuckWhereAnnounced() {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      long top = target.pid();
      long child = target.readyInt("child");
      long grandchild = target.readyInt("grandchild");
      assertThat(ProcOracle.ppid(child)).isEqualTo(top);
      assertThat(ProcOracle.ppid(grandchild)).isEqualTo(child);
      Await.until(
          "grandchild " + grandchild + " blocked in a pipe read",
          SETTLE,
          () -> ProcOracle.PIPE_READ.contains(ProcOracle.wchan(grandchild, grandchild)));
      Await.until(
          "child " + child + " and top " + top + " in waitpid",
          SETTLE,
          () ->
              ProcOracle.wchan(child, child).equals("do_wait")
                  && ProcOracle.wchan(top, top).equals("do_wait"));
    }
  }

  @Test
  void closeKillsEveryLevel() {
    long top;
    long child;
    long grandchild;
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      top = target.pid();
      child = target.readyInt("child");
      grandchild = target.readyInt("grandchild");
      assertThat(ProcOracle.alive(grandchild)).isTrue();
    }
    assertThat(ProcOracle.alive(top)).isFalse();
    assertThat(ProcOracle.alive(child)).isFalse();
    assertThat(ProcOracle.alive(grandchild)).isFalse();
  }
}
