package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.SchedStat;

/**
 * {@code /proc/PID/task/TID/schedstat}: three numbers, the nanoseconds the thread ran on a CPU, the
 * nanoseconds it waited in a run queue while runnable, and the time slices it ran (sched-stats.rst
 * in the kernel's documentation).
 */
public final class SchedStatParser {
  private SchedStatParser() {}

  /** The statistics, or {@code null} when the text is not three non-negative numbers. */
  public static SchedStat parse(String text) {
    String[] fields = text.trim().split("\\s+");
    if (fields.length < 3) {
      return null;
    }
    try {
      long run = Long.parseLong(fields[0]);
      long wait = Long.parseLong(fields[1]);
      long slices = Long.parseLong(fields[2]);
      return run < 0 || wait < 0 || slices < 0 ? null : new SchedStat(run, wait, slices);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
