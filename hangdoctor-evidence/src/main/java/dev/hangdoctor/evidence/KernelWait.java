package dev.hangdoctor.evidence;

/**
 * Where a thread waits in the kernel: the wait channel ({@code wchan}, the kernel function it
 * sleeps in, or {@code null} when it is not sleeping), its current system call and, when that call
 * waits for a mutex whose owner could be read from the process's memory, the owner's thread id
 * ({@code lockOwnerTid}; {@link #NO_OWNER} otherwise, also in evidence recorded before the field
 * existed). When the call is a {@code poll}/{@code ppoll} on a single descriptor, {@code pollFd} is
 * that descriptor, read from the {@code pollfd} in the process's memory (the JVM and many libraries
 * wait for a socket that way); {@code null} otherwise. Two equal waits in successive samples mean
 * the thread did not move.
 */
public record KernelWait(String wchan, SyscallState syscall, int lockOwnerTid, Integer pollFd) {
  /** The {@code lockOwnerTid} of a wait that is no mutex wait, or whose owner is unknown. */
  public static final int NO_OWNER = 0;

  public static final KernelWait UNKNOWN = new KernelWait(null, SyscallState.UNKNOWN, NO_OWNER);

  /** A wait with no known mutex owner. */
  public KernelWait(String wchan, SyscallState syscall) {
    this(wchan, syscall, NO_OWNER, null);
  }

  /** A wait that is not a single-descriptor poll. */
  public KernelWait(String wchan, SyscallState syscall, int lockOwnerTid) {
    this(wchan, syscall, lockOwnerTid, null);
  }

  public boolean isRunning() {
    return syscall.status() == SyscallState.Status.RUNNING;
  }

  /** True when the thread waits for a mutex held by a known thread. */
  public boolean hasLockOwner() {
    return lockOwnerTid > 0;
  }

  /** This wait with the owner of the mutex it waits for. */
  public KernelWait withLockOwner(int ownerTid) {
    return new KernelWait(wchan, syscall, ownerTid, pollFd);
  }

  /** This wait with the one descriptor its poll waits on. */
  public KernelWait withPollFd(int fd) {
    return new KernelWait(wchan, syscall, lockOwnerTid, fd);
  }

  /** {@code read(3, …) in pipe_read}, {@code running}, … */
  public String describe() {
    String call = syscall.describe();
    return wchan == null || isRunning() ? call : call + " in " + wchan;
  }
}
