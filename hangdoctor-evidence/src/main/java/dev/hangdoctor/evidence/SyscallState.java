package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What a thread is doing in the kernel right now, from {@code /proc/PID/task/TID/syscall}: running
 * in user space, blocked inside a numbered system call with its arguments, or in the kernel outside
 * any system call (a page fault, for example).
 */
public record SyscallState(Status status, int number, String name, List<Long> arguments) {

  /** Which of the kernel's answers this is. */
  public enum Status {
    /** On a CPU or runnable; not in a system call. */
    RUNNING,
    /** Blocked inside the system call {@link #number()}. */
    IN_SYSCALL,
    /** In the kernel but not in a system call (the kernel prints -1). */
    IN_KERNEL,
    /** Could not be read (permission, or the thread exited). */
    UNKNOWN
  }

  public static final SyscallState RUNNING = new SyscallState(Status.RUNNING, -1, null, List.of());
  public static final SyscallState UNKNOWN = new SyscallState(Status.UNKNOWN, -1, null, List.of());
  public static final SyscallState IN_KERNEL =
      new SyscallState(Status.IN_KERNEL, -1, null, List.of());

  public SyscallState {
    arguments = List.copyOf(arguments);
  }

  public static SyscallState inSyscall(int number, String name, List<Long> arguments) {
    return new SyscallState(Status.IN_SYSCALL, number, name, arguments);
  }

  /** A short human form: {@code read(3, 0x7ffd…, 4096)}, {@code running}, or {@code ?}. */
  public String describe() {
    switch (status) {
      case RUNNING:
        return "running";
      case IN_KERNEL:
        return "in kernel";
      case UNKNOWN:
        return "?";
      default:
        StringBuilder text = new StringBuilder(name != null ? name : "syscall_" + number);
        text.append('(');
        for (int i = 0; i < Math.min(3, arguments.size()); i++) {
          if (i > 0) {
            text.append(", ");
          }
          long value = arguments.get(i);
          text.append(
              value >= 0 && value < 65536 ? Long.toString(value) : "0x" + Long.toHexString(value));
        }
        return text.append(arguments.size() > 3 ? ", …)" : ")").toString();
    }
  }
}
