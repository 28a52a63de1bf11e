package dev.hangdoctor.evidence;

/**
 * One thread (task) of a process at one instant, as the kernel sees it. {@code schedStat} is the
 * scheduler's run and run-queue wait times, {@code null} when the kernel does not publish them.
 */
public record ThreadSnapshot(
    int tid,
    String name,
    TaskState state,
    KernelWait kernelWait,
    CpuTime cpu,
    long voluntaryContextSwitches,
    long involuntaryContextSwitches,
    SchedStat schedStat) {

  /** A thread without the scheduler's statistics. */
  public ThreadSnapshot(
      int tid,
      String name,
      TaskState state,
      KernelWait kernelWait,
      CpuTime cpu,
      long voluntaryContextSwitches,
      long involuntaryContextSwitches) {
    this(
        tid,
        name,
        state,
        kernelWait,
        cpu,
        voluntaryContextSwitches,
        involuntaryContextSwitches,
        null);
  }
}
