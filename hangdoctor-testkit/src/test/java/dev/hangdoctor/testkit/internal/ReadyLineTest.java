package dev.hangdoctor.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyLineTest {

  @Test
  void parsesPairsInOrder() {
    assertThat(ReadyLine.parse("READY main_tid=12 fds=3,4,5 x=a=b bare").orElseThrow())
        .containsExactly(
            Map.entry("main_tid", "12"),
            Map.entry("fds", "3,4,5"),
            Map.entry("x", "a=b"),
            Map.entry("bare", ""));
  }

  @Test
  void acceptsABareReadyAndSurroundingWhitespace() {
    assertThat(ReadyLine.parse("READY")).hasValue(Map.of());
    assertThat(ReadyLine.parse("  READY   a=1  \r").orElseThrow())
        .containsExactly(Map.entry("a", "1"));
  }

  @Test
  void readsALaterAnnouncementByItsWord() {
    assertThat(ReadyLine.parse("STUCK", "STUCK loop_tid=5").orElseThrow())
        .containsExactly(Map.entry("loop_tid", "5"));
    assertThat(ReadyLine.parse("STUCK", "READY loop_tid=5")).isEmpty();
  }

  @Test
  void ignoresOtherLines() {
    assertThat(ReadyLine.parse("")).isEmpty();
    assertThat(ReadyLine.parse("NOT READY a=1")).isEmpty();
    assertThat(ReadyLine.parse("READYING a=1")).isEmpty();
    assertThat(ReadyLine.parse("ready a=1")).isEmpty();
  }
}
