package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusFileTest {
  private final StatusFile status = StatusFile.parse(Resources.text("status-sleep.txt"));

  @Test
  void readsIdentityAndCounters() {
    assertThat(status.get("Name")).isEqualTo("we ird) (name");
    assertThat(status.realUid()).isZero();
    assertThat(status.getLong("Tgid", -1)).isEqualTo(7415);
    assertThat(status.rssBytes()).isEqualTo(1816L * 1024);
    assertThat(status.voluntaryContextSwitches()).isEqualTo(1);
    assertThat(status.involuntaryContextSwitches()).isZero();
    assertThat(status.tracerPid()).isZero();
    assertThat(StatusFile.parse("State:\tt (tracing stop)\nTracerPid:\t4242\n").tracerPid())
        .isEqualTo(4242);
  }

  @Test
  void missingOrNonNumericFieldsFallBack() {
    assertThat(status.getLong("NoSuchField", -7)).isEqualTo(-7);
    assertThat(status.getLong("State", -7)).isEqualTo(-7);
    assertThat(StatusFile.parse("").realUid()).isEqualTo(-1);
    assertThat(StatusFile.parse("Name:\tx\n").rssBytes()).isZero();
  }
}
