package dev.hangdoctor.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputLogTest {

  @Test
  void keepsEverythingUnderTheLimit() {
    OutputLog log = new OutputLog(100);
    log.append("one");
    log.append("two");
    assertThat(log.text()).isEqualTo("one\ntwo\n");
  }

  @Test
  void dropsTheOldestLinesAndSaysHowMany() {
    OutputLog log = new OutputLog(10);
    for (int i = 1; i <= 6; i++) {
      log.append("line" + i);
    }
    assertThat(log.text()).isEqualTo("[… 5 earlier lines dropped …]\nline6\n");
  }

  @Test
  void keepsTheLastLineEvenWhenItAloneIsTooLong() {
    OutputLog log = new OutputLog(4);
    log.append("a very long line");
    assertThat(log.text()).isEqualTo("a very long line\n");
  }
}
