package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.HostLoad;

/**
 * The machine's load from {@code /proc/loadavg} ({@code "0.52 0.58 0.59 2/126 14671"}: load
 * averages over 1, 5 and 15 minutes, runnable/all tasks, last pid) and the CPUs online, counted
 * from the {@code cpuN} lines of {@code /proc/stat}.
 */
public final class HostLoadParser {
  private HostLoadParser() {}

  /** The load, or {@code null} when {@code loadavg} is not in the kernel's format. */
  public static HostLoad parse(String loadavg, String stat) {
    String[] fields = loadavg.trim().split("\\s+");
    if (fields.length < 4) {
      return null;
    }
    String[] tasks = fields[3].split("/");
    try {
      return new HostLoad(
          Double.parseDouble(fields[0]),
          Double.parseDouble(fields[1]),
          Double.parseDouble(fields[2]),
          tasks.length == 2 ? Integer.parseInt(tasks[0]) : 0,
          tasks.length == 2 ? Integer.parseInt(tasks[1]) : 0,
          cpus(stat));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The {@code cpuN} lines of {@code /proc/stat} (the first, {@code cpu}, sums them); 0 if none.
   */
  static int cpus(String stat) {
    int count = 0;
    for (String line : stat.split("\n")) {
      if (line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
        count++;
      }
    }
    return count;
  }
}
