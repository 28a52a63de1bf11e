package dev.hangdoctor.evidence;

/**
 * One thread (task) of a process at one instant, as the kernel sees it. {@code schedStat} is the
 * scheduler's run and run-queue wait times, {@code null} when the kernel does not publish them.
 * {@code nativeStack} is its machine-code stack when it was read (native programs), else {@code
 * null}.
 */
public record ThreadSnapshot(
    int tid,
    String name,
    TaskState state,
    KernelWait kernelWait,
    CpuTime cpu,
    long voluntaryContextSwitches,
    long involuntaryContextSwitches,
    SchedStat schedStat,
    NativeStack nativeStack) {

  /** A thread whose machine-code stack was not read. */
  public ThreadSnapshot(
      int tid,
      String name,
      TaskState state,
      KernelWait kernelWait,
      CpuTime cpu,
      long voluntaryContextSwitches,
      long involuntaryContextSwitches,
      SchedStat schedStat) {
    this(
        tid,
        name,
        state,
        kernelWait,
        cpu,
        voluntaryContextSwitches,
        involuntaryContextSwitches,
        schedStat,
        null);
  }

  /** This thread with its machine-code stack. */
  public ThreadSnapshot withNativeStack(NativeStack stack) {
    return new ThreadSnapshot(
        tid,
        name,
        state,
        kernelWait,
        cpu,
        voluntaryContextSwitches,
        involuntaryContextSwitches,
        schedStat,
        stack);
  }

  /** This thread with another kernel wait (everything else kept). */
  public ThreadSnapshot withKernelWait(KernelWait wait) {
    return new ThreadSnapshot(
        tid,
        name,
        state,
        wait,
        cpu,
        voluntaryContextSwitches,
        involuntaryContextSwitches,
        schedStat,
        nativeStack);
  }

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
        (SchedStat) null);
  }
}
