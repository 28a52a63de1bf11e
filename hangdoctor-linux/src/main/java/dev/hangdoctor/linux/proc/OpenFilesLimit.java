package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.FdSummary;

/**
 * The {@code Max open files} row of {@code /proc/PID/limits}; {@code unlimited} becomes {@link
 * FdSummary#UNLIMITED}.
 */
public record OpenFilesLimit(long soft, long hard) {
  public static final OpenFilesLimit UNKNOWN =
      new OpenFilesLimit(FdSummary.UNKNOWN, FdSummary.UNKNOWN);

  public static OpenFilesLimit parse(String limitsText) {
    for (String line : limitsText.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
        if (columns.length >= 2) {
          return new OpenFilesLimit(value(columns[0]), value(columns[1]));
        }
      }
    }
    return UNKNOWN;
  }

  private static long value(String column) {
    if (column.equals("unlimited")) {
      return FdSummary.UNLIMITED;
    }
    try {
      return Long.parseLong(column);
    } catch (NumberFormatException e) {
      return FdSummary.UNKNOWN;
    }
  }
}
