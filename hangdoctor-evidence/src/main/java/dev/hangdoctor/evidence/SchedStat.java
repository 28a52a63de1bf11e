package dev.hangdoctor.evidence;

/**
 * The scheduler's own account of one thread, from {@code /proc/PID/task/TID/schedstat}: the time it
 * ran on a CPU, the time it was runnable but waited in a run queue for a CPU, and how many time
 * slices it ran. The two times together are how long the thread wanted a CPU, whatever the machine
 * could give it; a thread that sleeps or blocks adds to neither.
 */
public record SchedStat(long runNanos, long runqueueWaitNanos, long timeslices) {}
