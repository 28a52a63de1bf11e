package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.FaulthandlerDump.Frame;
import org.junit.jupiter.api.Test;

class FaulthandlerDumpTest {
  private static final String DUMP =
      """
      Thread 0x00007eff5effd6c0 (most recent call first):
        File "/tmp/d1/zeitgeber_\\xfc.py", line 16 in \\U00020000\\u7761
        File "/usr/lib/python3.13/threading.py", line 992 in run

      Current thread 0x00007effa72b3b80 (most recent call first):
        File "/srv/main.py", line ??? in main_waits
        File "/srv/main.py", line 170 in <module>
      """;

  @Test
  void threadsFramesAndEscapes() {
    FaulthandlerDump dump = FaulthandlerDump.parse(DUMP);
    assertThat(dump.threads()).containsOnlyKeys(0x7eff5effd6c0L, 0x7effa72b3b80L);
    assertThat(dump.threads().get(0x7eff5effd6c0L))
        .containsExactly(
            new Frame("/tmp/d1/zeitgeber_ü.py", 16, "𠀀睡"),
            new Frame("/usr/lib/python3.13/threading.py", 992, "run"));
    assertThat(dump.threads().get(0x7effa72b3b80L))
        .containsExactly(
            new Frame("/srv/main.py", -1, "main_waits"),
            new Frame("/srv/main.py", 170, "<module>"));
    assertThat(FaulthandlerDump.complete(DUMP, 2)).isTrue();
    assertThat(FaulthandlerDump.complete(DUMP.substring(0, DUMP.length() - 30), 2)).isFalse();
  }
}
