package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManyTargetTest {

  @Test
  void startsTheRequestedThreadsAndSocketPairs() {
    try (Target target = Target.start(TargetSpec.c("many.c", "50", "201"))) {
      long pid = target.pid();
      assertThat(target.readyInt("threads")).isEqualTo(50);
      assertThat(target.readyInt("sockets")).isEqualTo(200);
      assertThat(ProcOracle.tids(pid)).hasSize(51);
      Map<Long, ProcOracle.TcpEntry> tcp = ProcOracle.tcpByInode(pid);
      long established =
          ProcOracle.socketInodes(pid).stream()
              .map(tcp::get)
              .filter(e -> e != null && e.state() == 0x01)
              .count();
      assertThat(established).as("established sockets owned by the target").isEqualTo(200);
    }
  }

  @Test
  void refusesMoreSocketsThanTheHardLimitAllows() {
    TargetSpec tooMany = TargetSpec.c("many.c", "1", Long.toString(Integer.MAX_VALUE));
    assertThatThrownBy(() -> Target.start(tooMany))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exceed the hard RLIMIT_NOFILE");
  }
}
