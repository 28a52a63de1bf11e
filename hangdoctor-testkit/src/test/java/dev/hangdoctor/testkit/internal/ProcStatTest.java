package dev.hangdoctor.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  // captured from a live system; the command name contains a space and a parenthesis
  private static final String SLEEPING =
      "4242 (we ird) name) S 4200 4242 4200 0 -1 4194560 97 0 0 0 0 0 0 0 20 0 1 0 123456 2527232"
          + " 224 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  private static final String ZOMBIE =
      "77 (sh) Z 1 77 77 0 -1 4227148 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0 18446744073709551615 0 0 0"
          + " 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

  @Test
  void readsPidParentStateAndStartTime() {
    ProcStat stat = ProcStat.parse(SLEEPING).orElseThrow();
    assertThat(stat).isEqualTo(new ProcStat(4242, 4200, 'S', 123456));
    assertThat(stat.key()).isEqualTo(new ProcessKey(4242, 123456));
    assertThat(stat.exited()).isFalse();
  }

  @Test
  void treatsZombiesAsExited() {
    assertThat(ProcStat.parse(ZOMBIE).orElseThrow().exited()).isTrue();
  }

  @Test
  void rejectsTruncatedLines() {
    assertThat(ProcStat.parse("12 (x) S 1 2 3")).isEmpty();
    assertThat(ProcStat.parse("garbage")).isEmpty();
  }
}
