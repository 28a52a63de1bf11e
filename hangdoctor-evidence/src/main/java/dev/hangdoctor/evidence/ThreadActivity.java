package dev.hangdoctor.evidence;

/**
 * How one thread behaved over a sampling window: its CPU use, its last state and wait, and whether
 * it sat in the very same wait (wait channel, system call and arguments) in every sample. A thread
 * that is running is never "unchanged": that is what CPU % is for. {@code runqueueWaitPercent} is
 * the share of the window the thread was runnable but waited for a CPU (from the scheduler's
 * statistics), {@link #UNKNOWN} when they were not available.
 */
public record ThreadActivity(
    int tid,
    String name,
    TaskState state,
    KernelWait kernelWait,
    double cpuPercent,
    boolean waitUnchanged,
    int samplesSeen,
    long voluntaryContextSwitchesDelta,
    long involuntaryContextSwitchesDelta,
    double runqueueWaitPercent) {

  /** {@link #runqueueWaitPercent} when the scheduler's statistics were not available. */
  public static final double UNKNOWN = -1;

  /** A thread's activity without the scheduler's statistics. */
  public ThreadActivity(
      int tid,
      String name,
      TaskState state,
      KernelWait kernelWait,
      double cpuPercent,
      boolean waitUnchanged,
      int samplesSeen,
      long voluntaryContextSwitchesDelta,
      long involuntaryContextSwitchesDelta) {
    this(
        tid,
        name,
        state,
        kernelWait,
        cpuPercent,
        waitUnchanged,
        samplesSeen,
        voluntaryContextSwitchesDelta,
        involuntaryContextSwitchesDelta,
        UNKNOWN);
  }

  /**
   * The share of the window the thread wanted a CPU: running plus waiting in a run queue; {@link
   * #UNKNOWN} without the scheduler's statistics. Near 100 % it never slept or blocked, however
   * little CPU a loaded machine gave it.
   */
  public double runnablePercent() {
    return runqueueWaitPercent < 0 || cpuPercent < 0 ? UNKNOWN : cpuPercent + runqueueWaitPercent;
  }
}
