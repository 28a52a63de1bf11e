package dev.hangdoctor.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel says a thread is doing, read from {@code /proc} independently of hangdoctor's
 * readers: its state letter and the system call it sleeps in. For readiness handshakes that the
 * target itself cannot give, such as a Python process whose GIL is held by a thread in C, where no
 * Python code of the target can run to announce anything.
 */
public final class KernelOracle {
  /** x86_64 system call numbers of the waits tests look for. */
  private static final Map<String, Integer> SYSCALLS =
      Map.ofEntries(
          Map.entry("read", 0),
          Map.entry("write", 1),
          Map.entry("poll", 7),
          Map.entry("sendto", 44),
          Map.entry("recvfrom", 45),
          Map.entry("wait4", 61),
          Map.entry("futex", 202),
          Map.entry("clock_nanosleep", 230),
          Map.entry("epoll_wait", 232),
          Map.entry("epoll_pwait", 281));

  private static final Duration SETTLE = Duration.ofMillis(100);

  private KernelOracle() {}

  /** A thread's state letter (R, S, D, T, Z…) and the system call it sleeps in, if it sleeps. */
  public record TaskState(char state, Optional<Integer> syscall) {
    /** Sleeping (S or D) in one of {@code names}. */
    public boolean sleepsIn(String... names) {
      if ((state != 'S' && state != 'D') || syscall.isEmpty()) {
        return false;
      }
      for (String name : names) {
        Integer number = SYSCALLS.get(name);
        if (number == null) {
          throw new IllegalArgumentException("unknown system call " + name + ": " + SYSCALLS);
        }
        if (number.equals(syscall.get())) {
          return true;
        }
      }
      return false;
    }

    /** Running or runnable (R). */
    public boolean running() {
      return state == 'R';
    }
  }

  /** The state of thread {@code tid} of {@code pid}, or empty when it is gone. */
  public static Optional<TaskState> task(long pid, long tid) {
    Path task = Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      String first = Files.readString(task.resolve("syscall")).strip().split(" ")[0];
      Optional<Integer> syscall =
          first.chars().allMatch(Character::isDigit) && !first.isEmpty()
              ? Optional.of(Integer.parseInt(first))
              : Optional.empty();
      return Optional.of(new TaskState(state, syscall));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits, at most {@code limit}, until every thread of {@code tids} sleeps in one of {@code
   * syscalls}, seen in two reads 100 ms apart (so a thread passing through that call does not
   * count).
   *
   * @throws AssertionError if they do not within {@code limit}
   */
  public static void awaitSleeping(
      long pid, Set<Integer> tids, Duration limit, String... syscalls) {
    awaitSettled(
        "threads " + tids + " of " + pid + " sleeping in " + String.join("/", syscalls),
        limit,
        () ->
            tids.stream().allMatch(t -> task(pid, t).map(s -> s.sleepsIn(syscalls)).orElse(false)));
  }

  /** Waits until {@code condition} holds in two checks 100 ms apart, within {@code limit}. */
  public static void awaitSettled(
      String what, Duration limit, java.util.function.BooleanSupplier condition) {
    Await.until(
        what,
        limit,
        () -> {
          if (!condition.getAsBoolean()) {
            return false;
          }
          try {
            Thread.sleep(SETTLE.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          return condition.getAsBoolean();
        });
  }
}
