package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;

/**
 * Whether a pid names something hangdoctor can inspect: a live user process, a zombie (exited, not
 * yet reaped by its parent), a kernel thread, or nothing. A thread id is resolved to its process.
 */
public record TargetStatus(
    Kind kind, int requestedPid, int pid, String name, int ppid, String wchan) {

  /** What the pid turned out to be. */
  public enum Kind {
    LIVE,
    ZOMBIE,
    KERNEL_THREAD,
    NO_SUCH_PROCESS
  }

  /** True when {@code requestedPid} was a thread id and {@code pid} is the process owning it. */
  public boolean resolvedFromThread() {
    return requestedPid != pid;
  }

  public static TargetStatus check(ProcFs procFs, int requestedPid) {
    if (requestedPid <= 0) {
      return missing(requestedPid);
    }
    try {
      StatusFile status =
          StatusFile.parse(procFs.readText(procFs.pidDir(requestedPid).resolve("status")));
      int pid = (int) status.getLong("Tgid", requestedPid);
      StatLine stat = StatParser.parse(procFs.readText(procFs.pidDir(pid).resolve("stat")));
      Kind kind =
          stat.kernelThread()
              ? Kind.KERNEL_THREAD
              : stat.state() == TaskState.ZOMBIE ? Kind.ZOMBIE : Kind.LIVE;
      return new TargetStatus(
          kind,
          requestedPid,
          pid,
          stat.comm(),
          stat.ppid(),
          Wchan.readOrNull(procFs, procFs.pidDir(pid)));
    } catch (ProcReadException | IllegalArgumentException e) {
      return missing(requestedPid);
    }
  }

  private static TargetStatus missing(int pid) {
    return new TargetStatus(Kind.NO_SUCH_PROCESS, pid, pid, null, 0, null);
  }
}
