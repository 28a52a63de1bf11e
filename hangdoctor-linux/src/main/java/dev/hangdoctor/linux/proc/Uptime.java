package dev.hangdoctor.linux.proc;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;

/** Time since boot from {@code /proc/uptime}, the clock that process start times count from. */
public final class Uptime {
  private Uptime() {}

  static long parseMillis(String text) {
    String first = text.trim().split(" ")[0];
    return Math.round(Double.parseDouble(first) * 1000);
  }

  /** Milliseconds since boot, or 0 when unreadable. */
  public static long read(ProcFs procFs) {
    try {
      return parseMillis(procFs.readText(procFs.root().resolve("uptime")));
    } catch (ProcReadException | NumberFormatException e) {
      return 0;
    }
  }
}
