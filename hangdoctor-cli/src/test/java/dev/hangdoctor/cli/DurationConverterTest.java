package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void aBareNumberIsSecondsAsForTimeoutAndSleep() {
    assertThat(converter.convert("300")).isEqualTo(Duration.ofSeconds(300));
    assertThat(converter.convert("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert(".25")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void unitsNameTheirScale() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("0.5m")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(converter.convert("0.5ms")).isEqualTo(Duration.ofNanos(500_000));
  }

  @Test
  void rejectsNegativeValuesAndNonsenseWithExamples() {
    for (String bad : new String[] {"soon", "1e3", "5 s", "5d", "s", "", "1.2.3", "NaN", "0x10"}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("a bare number is seconds");
    }
    assertThatThrownBy(() -> converter.convert("-5s"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("'-5s' is negative; a duration is 0 or more");
    assertThatThrownBy(() -> converter.convert("99999999999999h"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void everyVerbWithADurationOptionSaysHowABareNumberIsRead() {
    CommandLine root = Main.commandLine();
    int verbsWithDurations = 0;
    for (var verb : root.getSubcommands().entrySet()) {
      boolean takesDurations =
          verb.getValue().getCommandSpec().options().stream()
              .anyMatch(o -> "DURATION".equals(o.paramLabel()));
      CliRun help = CliRun.of(verb.getKey(), "--help");
      if (takesDurations) {
        verbsWithDurations++;
        assertThat(help.out()).as(verb.getKey()).contains(DurationConverter.HELP);
      } else {
        assertThat(help.out()).as(verb.getKey()).doesNotContain("DURATION");
      }
    }
    assertThat(verbsWithDurations).isGreaterThanOrEqualTo(6);
  }
}
