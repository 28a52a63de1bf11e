package dev.hangdoctor.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads durations as people type them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare
 * number means milliseconds.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(chop(text)) * 1000));
      }
      if (text.endsWith("m")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(chop(text)) * 60_000));
      }
      if (text.endsWith("h")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(chop(text)) * 3_600_000));
      }
      return Duration.ofMillis(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 2s, 5m, 1h; a bare number is ms)");
    }
  }

  private static String chop(String text) {
    return text.substring(0, text.length() - 1);
  }
}
