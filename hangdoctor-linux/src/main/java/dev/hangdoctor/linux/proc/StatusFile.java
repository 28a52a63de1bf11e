package dev.hangdoctor.linux.proc;

import java.util.HashMap;
import java.util.Map;

/** The {@code Key:\tvalue} lines of {@code /proc/PID/status}, with typed accessors. */
public final class StatusFile {
  private final Map<String, String> fields;

  private StatusFile(Map<String, String> fields) {
    this.fields = fields;
  }

  public static StatusFile parse(String text) {
    Map<String, String> fields = new HashMap<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int colon = text.indexOf(':', start);
      if (colon > start && colon < end) {
        fields.put(text.substring(start, colon), text.substring(colon + 1, end).trim());
      }
      start = end + 1;
    }
    return new StatusFile(fields);
  }

  public String get(String key) {
    return fields.get(key);
  }

  /** A numeric field, or {@code fallback} when absent or not a number. */
  public long getLong(String key, long fallback) {
    String value = fields.get(key);
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

  public long voluntaryContextSwitches() {
    return getLong("voluntary_ctxt_switches", 0);
  }

  public long involuntaryContextSwitches() {
    return getLong("nonvoluntary_ctxt_switches", 0);
  }
}
