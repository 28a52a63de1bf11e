package dev.hangdoctor.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.evidence.TaskState;
import org.junit.jupiter.api.Test;

class StatParserTest {
  @Test
  void commandNameWithSpacesAndParenthesesDoesNotShiftFields() {
    StatLine stat = StatParser.parse(Resources.text("stat-weird-comm.txt"));

    assertThat(stat.pid()).isEqualTo(7415);
    assertThat(stat.comm()).isEqualTo("we ird) (name");
    assertThat(stat.state()).isEqualTo(TaskState.SLEEPING);
    assertThat(stat.ppid()).isEqualTo(7411);
    assertThat(stat.processGroup()).isEqualTo(7409);
    assertThat(stat.session()).isEqualTo(1407);
    assertThat(stat.threadCount()).isEqualTo(1);
    assertThat(stat.startTimeTicks()).isEqualTo(430215);
    assertThat(stat.rssPages()).isEqualTo(412);
    assertThat(stat.kernelThread()).isFalse();
  }

  @Test
  void kernelThreadIsRecognisedByItsFlag() {
    StatLine stat = StatParser.parse(Resources.text("stat-kthreadd.txt"));

    assertThat(stat.comm()).isEqualTo("kthreadd");
    assertThat(stat.ppid()).isZero();
    assertThat(stat.kernelThread()).isTrue();
  }

  @Test
  void cpuTimesComeFromFields14And15() {
    String line = "42 (busy) R 1 42 42 0 -1 4194304 0 0 0 0 1234 56 0 0 20 0 3 0 999 0 10";

    StatLine stat = StatParser.parse(line);

    assertThat(stat.userTicks()).isEqualTo(1234);
    assertThat(stat.systemTicks()).isEqualTo(56);
    assertThat(stat.threadCount()).isEqualTo(3);
    assertThat(stat.state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void truncatedOrForeignTextIsRejectedWithTheText() {
    assertThatThrownBy(() -> StatParser.parse("42 (x) S 1 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> StatParser.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hello");
  }
}
