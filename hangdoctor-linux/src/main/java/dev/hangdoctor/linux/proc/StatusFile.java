package dev.hangdoctor.linux.proc;

/**
 * The {@code Key:\tvalue} lines of {@code /proc/PID/status}, with typed accessors.
 *
 * <p>A snapshot reads this file for every thread but wants two or three of its fifty-odd fields, so
 * the text is kept as it is and a field is found when asked for, instead of splitting every line
 * into a map up front.
 */
public final class StatusFile {
  private final String text;

  private StatusFile(String text) {
    this.text = text;
  }

  public static StatusFile parse(String text) {
    return new StatusFile(text);
  }

  /**
   * The value after {@code key:} with surrounding white space removed, or {@code null}. If a key
   * appears on several lines, the last one counts.
   */
  public String get(String key) {
    if (key.isEmpty() || key.indexOf(':') >= 0 || key.indexOf('\n') >= 0) {
      return null;
    }
    String value = null;
    int length = text.length();
    int start = 0;
    while (start < length) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      int colon = start + key.length();
      if (colon < end && text.charAt(colon) == ':' && text.startsWith(key, start)) {
        value = text.substring(colon + 1, end).trim();
      }
      start = end + 1;
    }
    return value;
  }

  /** A numeric field, or {@code fallback} when absent or not a number. */
  public long getLong(String key, long fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    int end = 0;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    return end == 0 ? fallback : Long.parseLong(value.substring(0, end));
  }

  /** The real user id (first column of {@code Uid:}), or -1. */
  public int realUid() {
    return (int) getLong("Uid", -1);
  }

  /** {@code VmRSS} in bytes; 0 for kernel threads and zombies, which have none. */
  public long rssBytes() {
    return getLong("VmRSS", 0) * 1024;
  }

  /** {@code TracerPid}: the pid of the process tracing this one with ptrace, 0 when none. */
  public int tracerPid() {
    return (int) getLong("TracerPid", 0);
  }

  public long voluntaryContextSwitches() {
    return getLong("voluntary_ctxt_switches", 0);
  }

  public long involuntaryContextSwitches() {
    return getLong("nonvoluntary_ctxt_switches", 0);
  }
}
