package dev.hangdoctor.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one reader of every duration option of every verb, as coreutils {@code timeout} and {@code
 * sleep} read them: a bare number is seconds ({@code 300}, {@code 0.5}); {@code ms}, {@code s},
 * {@code m} and {@code h} name the unit ({@code 500ms}, {@code 1.5m}). Negative or malformed values
 * are the user's error.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  /** The sentence every {@code --help} with a duration option ends with. */
  static final String HELP =
      "DURATION: a bare number is seconds (300, 0.5); or 500ms, 30s, 5m, 1h.";

  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  @Override
  public Duration convert(String value) {
    String text = value.strip();
    if (text.startsWith("-")) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is negative; a duration is 0 or more");
    }
    Matcher form = FORM.matcher(text);
    if (!form.matches()) {
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not a duration (a bare number is seconds: 300, 0.5; or 500ms, 30s, 5m, 1h)");
    }
    String unit = form.group(2) == null ? "s" : form.group(2).toLowerCase(Locale.ROOT);
    BigDecimal nanos =
        new BigDecimal(form.group(1))
            .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(unit)))
            .setScale(0, RoundingMode.HALF_UP);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new CommandLine.TypeConversionException("'" + value + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }
}
