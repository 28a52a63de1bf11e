package dev.hangdoctor.evidence;

/**
 * A descriptor open on a pipe or FIFO that a thread of the inspected process sat reading or writing
 * for the whole window, wherever on the machine it is open (found by matching the pipe's inode in
 * every readable {@code /proc/PID/fd}): the pipe ({@code pipe:[123]}, or a FIFO's path), the
 * process holding it, which descriptor, which end, and what that process is ({@code command},
 * {@code state}, {@code ppid}).
 */
public record PipeEnd(
    String pipe,
    int pid,
    int fd,
    FdEntry.Access access,
    String command,
    TaskState state,
    int ppid) {}
