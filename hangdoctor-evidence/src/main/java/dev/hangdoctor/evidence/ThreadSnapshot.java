package dev.hangdoctor.evidence;

/** One thread (task) of a process at one instant, as the kernel sees it. */
public record ThreadSnapshot(
    int tid,
    String name,
    TaskState state,
    KernelWait kernelWait,
    CpuTime cpu,
    long voluntaryContextSwitches,
    long involuntaryContextSwitches) {}
