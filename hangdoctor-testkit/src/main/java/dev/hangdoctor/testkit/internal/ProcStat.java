package dev.hangdoctor.testkit.internal;

import java.util.Optional;

/**
 * The few fields of {@code /proc/PID/stat} the testkit needs to identify a process and tell whether
 * it still runs.
 */
public record ProcStat(long pid, long ppid, char state, long startTicks) {

  /** Parses one {@code stat} line; the command name may contain spaces and parentheses. */
  public static Optional<ProcStat> parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > line.length()) {
      return Optional.empty();
    }
    String[] rest = line.substring(close + 2).trim().split(" ");
    // rest[0] is field 3 (state); field 4 is ppid, field 22 is starttime
    if (rest.length < 20) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(line.substring(0, open).trim());
      return Optional.of(
          new ProcStat(pid, Long.parseLong(rest[1]), rest[0].charAt(0), Long.parseLong(rest[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The identity of this process, robust against pid reuse. */
  public ProcessKey key() {
    return new ProcessKey(pid, startTicks);
  }

  /** True for zombies and dead tasks: they have exited and only wait to be reaped. */
  public boolean exited() {
    return state == 'Z' || state == 'X' || state == 'x';
  }
}
