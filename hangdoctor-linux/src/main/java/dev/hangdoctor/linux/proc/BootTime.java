package dev.hangdoctor.linux.proc;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;

/**
 * The system boot time ({@code btime} of {@code /proc/stat}), which turns a process's start time in
 * ticks since boot into wall-clock time.
 */
public final class BootTime {
  private BootTime() {}

  /** Boot time in epoch milliseconds from the text of {@code /proc/stat}, or -1. */
  public static long parseEpochMillis(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("btime ")) {
        return Long.parseLong(line.substring(6).trim()) * 1000;
      }
    }
    return -1;
  }

  public static long read(ProcFs procFs) {
    try {
      return parseEpochMillis(procFs.readText(procFs.root().resolve("stat")));
    } catch (ProcReadException | NumberFormatException e) {
      return -1;
    }
  }
}
