package dev.hangdoctor.evidence;

/**
 * How one thread behaved over a sampling window: its CPU use, its last state and wait, and whether
 * it sat in the very same wait (wait channel, system call and arguments) in every sample. A thread
 * that is running is never "unchanged": that is what CPU % is for.
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
    long involuntaryContextSwitchesDelta) {}
