package dev.hangdoctor.diagnosis.ps;

import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.TaskState;

/**
 * Where a process's main thread waits at one instant, for {@code ps}: its state, kernel wait,
 * voluntary context switches so far (a thread that woke up in between has more), and the target of
 * the descriptor it reads, when it reads one ({@code /dev/pts/3}, {@code pipe:[123]}), whether it
 * is a kernel thread, and the CPU time of the whole process so far (a process whose other threads
 * work while the main one waits is not stuck).
 */
public record MainThreadWait(
    TaskState state,
    KernelWait kernelWait,
    long voluntarySwitches,
    String readTarget,
    boolean kernelThread,
    long processCpuMillis) {}
