package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.TaskState;

/**
 * Parses {@code /proc/PID/stat}. The command name is in parentheses and may itself contain spaces
 * and parentheses, so the fields are counted from the last closing parenthesis.
 */
public final class StatParser {
  private StatParser() {}

  /**
   * @throws IllegalArgumentException when the text is not a stat line
   */
  public static StatLine parse(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open <= 0 || close < open || close + 2 >= text.length()) {
      throw new IllegalArgumentException("not a /proc stat line: " + abbreviate(text));
    }
    int pid = Integer.parseInt(text.substring(0, open).trim());
    String comm = text.substring(open + 1, close);
    // fields[0] is field 3 of proc(5) ("state")
    String[] fields = text.substring(close + 2).trim().split(" ");
    if (fields.length < 22) {
      throw new IllegalArgumentException("truncated /proc stat line: " + abbreviate(text));
    }
    return new StatLine(
        pid,
        comm,
        TaskState.fromCode(fields[0].charAt(0)),
        Integer.parseInt(fields[1]),
        Integer.parseInt(fields[2]),
        Integer.parseInt(fields[3]),
        Long.parseLong(fields[6]),
        Long.parseLong(fields[11]),
        Long.parseLong(fields[12]),
        Integer.parseInt(fields[17]),
        Long.parseLong(fields[19]),
        Long.parseLong(fields[21]));
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
