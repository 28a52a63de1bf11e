package dev.hangdoctor.evidence;

/**
 * Where a thread waits in the kernel: the wait channel ({@code wchan}, the kernel function it
 * sleeps in, or {@code null} when it is not sleeping) and its current system call. Two equal waits
 * in successive samples mean the thread did not move.
 */
public record KernelWait(String wchan, SyscallState syscall) {
  public static final KernelWait UNKNOWN = new KernelWait(null, SyscallState.UNKNOWN);

  public boolean isRunning() {
    return syscall.status() == SyscallState.Status.RUNNING;
  }

  /** {@code read(3, …) in pipe_read}, {@code running}, … */
  public String describe() {
    String call = syscall.describe();
    return wchan == null || isRunning() ? call : call + " in " + wchan;
  }
}
