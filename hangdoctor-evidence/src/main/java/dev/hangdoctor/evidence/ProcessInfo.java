package dev.hangdoctor.evidence;

import java.util.List;

/**
 * Identity and counters of one process. {@code exe} and {@code cwd} are {@code null} when the
 * kernel refused to show them; {@code cmdline} is empty for kernel threads and zombies. {@code
 * tracer} is the process tracing this one with ptrace (a debugger, strace), {@code null} when none.
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
    CpuTime cpu,
    Tracer tracer) {
  public ProcessInfo {
    cmdline = List.copyOf(cmdline);
  }

  /** A process that no one traces. */
  public ProcessInfo(
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
    this(
        pid,
        ppid,
        name,
        uid,
        user,
        cmdline,
        exe,
        cwd,
        state,
        kernelThread,
        startTimeEpochMillis,
        elapsedMillis,
        threadCount,
        rssBytes,
        cpu,
        null);
  }

  /** The command line joined with spaces, or {@code [name]} when there is none. */
  public String commandLine() {
    return cmdline.isEmpty() ? "[" + name + "]" : String.join(" ", cmdline);
  }
}
