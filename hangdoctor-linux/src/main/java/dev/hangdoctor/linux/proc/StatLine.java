package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.TaskState;

/**
 * The fields hangdoctor uses from one line of {@code /proc/PID/stat} or {@code
 * /proc/PID/task/TID/stat}. Times are in clock ticks ({@link ClockTicks}), RSS in pages.
 */
public record StatLine(
    int pid,
    String comm,
    TaskState state,
    int ppid,
    int processGroup,
    int session,
    long flags,
    long userTicks,
    long systemTicks,
    int threadCount,
    long startTimeTicks,
    long rssPages) {

  /** {@code PF_KTHREAD}: the task is a kernel thread with no user space. */
  public static final long PF_KTHREAD = 0x00200000L;

  public boolean kernelThread() {
    return (flags & PF_KTHREAD) != 0;
  }
}
