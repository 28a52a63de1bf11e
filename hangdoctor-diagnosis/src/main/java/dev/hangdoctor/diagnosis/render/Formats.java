package dev.hangdoctor.diagnosis.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Short human forms of durations, sizes and times, as {@code ps} and {@code top} show them. */
public final class Formats {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Formats() {}

  /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h07m}, {@code 3d04h}. */
  public static String duration(long millis) {
    if (millis < 0) {
      return "?";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return String.format(Locale.ROOT, "%dm%02ds", minutes, seconds % 60);
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return String.format(Locale.ROOT, "%dh%02dm", hours, minutes % 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", hours / 24, hours % 24);
  }

  /** {@code 512 B}, {@code 4.0 KiB}, {@code 12.3 MiB}, {@code 1.1 GiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  public static String timestamp(long epochMillis) {
    return epochMillis < 0 ? "?" : TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String percent(double value) {
    return value < 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  /** {@code text} cut to {@code width} characters, marking the cut with an ellipsis. */
  public static String fit(String text, int width) {
    if (text == null) {
      return "";
    }
    return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
  }

  /**
   * {@code text} wrapped at spaces for a block that starts at column {@code indent.length()}: no
   * line, indent included, is longer than {@code width} (a single longer word, a path say, stays
   * whole). The caller writes the first line's prefix; later lines start with {@code indent}.
   */
  public static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    int lineLength = 0;
    int limit = width - indent.length();
    for (String word : text.strip().split("\\s+")) {
      if (lineLength > 0 && lineLength + 1 + word.length() > limit) {
        out.append('\n').append(indent);
        lineLength = 0;
      } else if (lineLength > 0) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
    }
    return out.toString();
  }
}
