package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The locale, colour and width rules, and the ASCII stand-ins, as Unix tools apply them. */
class TerminalTest {
  @Test
  void theLocaleIsUtf8OnlyWhenTheFirstSetVariableSaysSo() {
    assertThat(Terminal.utf8(Map.of("LANG", "en_US.UTF-8"))).isTrue();
    assertThat(Terminal.utf8(Map.of("LANG", "C.utf8"))).isTrue();
    assertThat(Terminal.utf8(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isFalse();
    assertThat(Terminal.utf8(Map.of("LC_CTYPE", "en_US.UTF-8", "LANG", "C"))).isTrue();
    assertThat(Terminal.utf8(Map.of("LC_ALL", "", "LANG", "de_DE.UTF-8"))).isTrue();
    assertThat(Terminal.utf8(Map.of())).as("env -i").isFalse();
    assertThat(Terminal.utf8(Map.of("LANG", "POSIX"))).isFalse();
  }

  @Test
  void noColorAndADumbTerminalTurnColourOff() {
    assertThat(Terminal.noColor(Map.of("NO_COLOR", "1"))).isTrue();
    assertThat(Terminal.noColor(Map.of("NO_COLOR", ""))).isFalse();
    assertThat(Terminal.noColor(Map.of("TERM", "dumb"))).isTrue();
    assertThat(Terminal.noColor(Map.of("TERM", "xterm-256color"))).isFalse();
  }

  @Test
  void columnsComeFromTheEnvironmentFirst() {
    assertThat(Terminal.columns(Map.of("COLUMNS", "132"), Path.of("/nonexistent-tty")))
        .isEqualTo(132);
    assertThat(Terminal.columns(Map.of("COLUMNS", "wide"), Path.of("/nonexistent-tty")))
        .isEqualTo(Terminal.DEFAULT_COLUMNS);
  }

  @Test
  void everyGlyphTheReportsUseHasAnAsciiStandIn() throws Exception {
    String report = "HANG: x → y · 3 samples ●\n  └─ PID 2  ├─ │ … ◀ long — done – ok\n  café";

    StringWriter out = new StringWriter();
    try (AsciiWriter writer = new AsciiWriter(out)) {
      writer.write(report);
      writer.write('→');
    }

    assertThat(out.toString())
        .isEqualTo(
            "HANG: x -> y - 3 samples *\n  `- PID 2  |- | ... < long -- done - ok\n  café->");
    assertThat(AsciiGlyphs.ascii("plain ascii")).isEqualTo("plain ascii");
  }
}
