package dev.hangdoctor.linux.proc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the arguments of the system calls that hangs are made of mean, so that a blocked call can be
 * shown as {@code epoll_wait(fd 4, no timeout)} instead of raw register values. Arguments of kind
 * {@link Kind#OTHER} (buffers, flags) are not shown. Calls missing here are shown raw.
 */
public final class SyscallSignatures {

  /** The meaning of one argument. */
  public enum Kind {
    /** A file descriptor of the process. */
    FD,
    /** A timeout in milliseconds as a C {@code int}; negative means none. */
    TIMEOUT_MS,
    /** A count (of fds, of events). */
    COUNT,
    /** A pid as a C {@code int}; -1 means any child. */
    PID,
    /** The operation word of {@code futex}. */
    FUTEX_OP,
    /** Anything else: pointers, flags, sizes. */
    OTHER
  }

  private static final Map<String, List<Kind>> SIGNATURES = new HashMap<>();

  static {
    List<Kind> fdFirst = List.of(Kind.FD);
    for (String name :
        List.of(
            "read",
            "write",
            "pread64",
            "pwrite64",
            "readv",
            "writev",
            "preadv",
            "pwritev",
            "preadv2",
            "pwritev2",
            "recvfrom",
            "sendto",
            "recvmsg",
            "sendmsg",
            "recvmmsg",
            "sendmmsg",
            "accept",
            "accept4",
            "connect",
            "flock",
            "fsync",
            "fdatasync",
            "ioctl",
            "sendfile",
            "fcntl",
            "shutdown",
            "getdents64",
            "ftruncate",
            "fallocate")) {
      SIGNATURES.put(name, fdFirst);
    }
    List<Kind> epoll = List.of(Kind.FD, Kind.OTHER, Kind.COUNT, Kind.TIMEOUT_MS);
    SIGNATURES.put("epoll_wait", epoll);
    SIGNATURES.put("epoll_pwait", epoll);
    SIGNATURES.put("poll", List.of(Kind.OTHER, Kind.COUNT, Kind.TIMEOUT_MS));
    SIGNATURES.put("ppoll", List.of(Kind.OTHER, Kind.COUNT));
    SIGNATURES.put("select", List.of(Kind.COUNT));
    SIGNATURES.put("pselect6", List.of(Kind.COUNT));
    SIGNATURES.put("wait4", List.of(Kind.PID));
    SIGNATURES.put("waitid", List.of(Kind.OTHER, Kind.PID));
    SIGNATURES.put("futex", List.of(Kind.OTHER, Kind.FUTEX_OP));
    for (String name :
        List.of(
            "pause",
            "nanosleep",
            "clock_nanosleep",
            "sched_yield",
            "rt_sigsuspend",
            "rt_sigtimedwait",
            "epoll_pwait2",
            "futex_wait",
            "futex_waitv",
            "io_getevents",
            "io_uring_enter",
            "msgrcv",
            "semop",
            "semtimedop",
            "mq_timedreceive")) {
      SIGNATURES.putIfAbsent(name, List.of());
    }
    SIGNATURES.put("epoll_pwait2", List.of(Kind.FD, Kind.OTHER, Kind.COUNT));
  }

  private SyscallSignatures() {}

  /** The meaning of the leading arguments of {@code name}, or empty when it is not known. */
  public static Optional<List<Kind>> of(String name) {
    return Optional.ofNullable(name == null ? null : SIGNATURES.get(name));
  }

  /** The name of a {@code futex} operation word ({@code FUTEX_WAIT}, …) without its flags. */
  public static String futexOperation(long op) {
    switch ((int) (op & 0x7f)) {
      case 0:
        return "FUTEX_WAIT";
      case 1:
        return "FUTEX_WAKE";
      case 6:
        return "FUTEX_LOCK_PI";
      case 9:
        return "FUTEX_WAIT_BITSET";
      case 11:
        return "FUTEX_WAIT_REQUEUE_PI";
      case 13:
        return "FUTEX_LOCK_PI2";
      default:
        return "op " + (op & 0x7f);
    }
  }
}
