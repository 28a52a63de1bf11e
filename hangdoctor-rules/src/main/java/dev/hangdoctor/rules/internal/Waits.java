package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.SyscallState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a blocked system call waits on: the descriptor of a read, or whether a wait can time out.
 */
public final class Waits {
  /** Calls that block reading one descriptor, given as their first argument. */
  public static final Set<String> READS =
      Set.of("read", "readv", "recvfrom", "recv", "recvmsg", "recvmmsg");

  private Waits() {}

  /** The descriptor a blocked read-like call waits on. */
  public static OptionalInt readFd(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !READS.contains(call.name())
        || call.arguments().isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) (long) call.arguments().get(0));
  }

  /**
   * When {@code call} is an idle wait that ends by itself (a multiplexer, futex or sleep with a
   * timeout), how it reads: {@code "epoll_wait with a 1000 ms timeout"}. Empty for anything else,
   * including the same waits without a timeout.
   */
  public static Optional<String> timedIdleWait(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL || call.name() == null) {
      return Optional.empty();
    }
    List<Long> args = call.arguments();
    switch (call.name()) {
      case "epoll_wait":
      case "epoll_pwait":
        return millis(call.name(), args, 3);
      case "poll":
        return millis(call.name(), args, 2);
      case "select":
      case "pselect6":
        return pointer(call.name(), args, 4);
      case "ppoll":
      case "epoll_pwait2":
        return pointer(call.name(), args, 2);
      case "futex":
        return pointer(call.name(), args, 3);
      case "nanosleep":
      case "clock_nanosleep":
        return Optional.of(call.name() + " (a sleep that ends by itself)");
      default:
        return Optional.empty();
    }
  }

  private static Optional<String> millis(String name, List<Long> args, int index) {
    if (args.size() <= index) {
      return Optional.empty();
    }
    int timeout = (int) (long) args.get(index);
    return timeout < 0
        ? Optional.empty()
        : Optional.of(name + " with a " + timeout + " ms timeout");
  }

  private static Optional<String> pointer(String name, List<Long> args, int index) {
    if (args.size() <= index || args.get(index) == 0) {
      return Optional.empty();
    }
    return Optional.of(name + " with a timeout");
  }

  /** System calls that wait with no timeout of their own until something else happens. */
  private static final Set<String> UNTIMED_BLOCKERS =
      Set.of(
          "read",
          "readv",
          "pread64",
          "preadv",
          "recvfrom",
          "recv",
          "recvmsg",
          "recvmmsg",
          "write",
          "writev",
          "pwrite64",
          "pwritev",
          "sendto",
          "sendmsg",
          "accept",
          "accept4",
          "connect",
          "wait4",
          "waitid",
          "pause",
          "rt_sigsuspend",
          "rt_sigtimedwait",
          "flock",
          "msgrcv",
          "semop");

  /**
   * True when {@code call} waits with no timeout: a blocking read, write, accept or child wait, or
   * a futex, poll, select or epoll wait without one. Such a wait ends only when something else
   * acts.
   */
  public static boolean untimed(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL || call.name() == null) {
      return false;
    }
    if (UNTIMED_BLOCKERS.contains(call.name())) {
      return !"rt_sigtimedwait".equals(call.name())
          || call.arguments().size() > 2 && call.arguments().get(2) == 0;
    }
    return switch (call.name()) {
      case "futex",
          "poll",
          "ppoll",
          "select",
          "pselect6",
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2" ->
          timedIdleWait(call).isEmpty() && !call.arguments().isEmpty();
      default -> false;
    };
  }
}
