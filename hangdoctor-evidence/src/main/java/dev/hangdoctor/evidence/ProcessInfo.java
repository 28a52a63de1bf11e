package dev.hangdoctor.evidence;

import java.util.List;

/**
 * Identity and counters of one process. {@code exe} and {@code cwd} are {@code null} when the
 * kernel refused to show them; {@code cmdline} is empty for kernel threads and zombies.
 */
public record ProcessInfo(
    int pid,
    int ppid,
    String name,
    int uid,
    String user,
    List<String> cmdline,
    String exe,
    String cwd,
    TaskState state,
    boolean kernelThread,
    long startTimeEpochMillis,
    long elapsedMillis,
    int threadCount,
    long rssBytes,
    CpuTime cpu) {
  public ProcessInfo {
    cmdline = List.copyOf(cmdline);
  }

  /** The command line joined with spaces, or {@code [name]} when there is none. */
  public String commandLine() {
    return cmdline.isEmpty() ? "[" + name + "]" : String.join(" ", cmdline);
  }
}
