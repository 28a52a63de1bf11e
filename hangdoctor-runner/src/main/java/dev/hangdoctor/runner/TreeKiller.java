package dev.hangdoctor.runner;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stops every process of a run: SIGTERM to all of them at once, up to {@code killAfter} for them to
 * exit, then SIGKILL to whatever is left (asking the tree again, to catch late forks), and a
 * bounded wait that verifies nothing remains. An interrupt does not cut the kill short; it is
 * restored afterwards.
 */
final class TreeKiller {
  /** How long SIGKILL gets to take effect before the survivors are reported. */
  static final Duration VERIFY_FOR = Duration.ofSeconds(3);

  private static final long POLL_MILLIS = 10;

  /** What the kill did: how many got SIGTERM, how many then needed SIGKILL, who survived. */
  record Report(int terminated, int killed, List<String> survivors) {
    Report {
      survivors = List.copyOf(survivors);
    }

    String describe() {
      return terminated
          + " sent SIGTERM, "
          + killed
          + " needed SIGKILL, "
          + (survivors.isEmpty()
              ? "none left"
              : survivors.size() + " survived: " + String.join(", ", survivors));
    }
  }

  private TreeKiller() {}

  static Report kill(Supplier<Set<ProcessHandle>> members, Duration killAfter) {
    boolean interrupted = false;
    Set<ProcessHandle> termed = new LinkedHashSet<>(members.get());
    termed.forEach(ProcessHandle::destroy);
    try {
      waitUntilGone(termed, killAfter);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    Set<ProcessHandle> killed = new LinkedHashSet<>();
    long verifyUntil = System.nanoTime() + VERIFY_FOR.toNanos();
    Set<ProcessHandle> left = remaining(termed, members);
    while (!left.isEmpty() && System.nanoTime() < verifyUntil) {
      left.forEach(ProcessHandle::destroyForcibly);
      killed.addAll(left);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      left = remaining(killed, members);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new Report(
        termed.size(),
        killed.size(),
        left.stream().map(RunTree::describe).collect(Collectors.toList()));
  }

  private static Set<ProcessHandle> remaining(
      Set<ProcessHandle> known, Supplier<Set<ProcessHandle>> members) {
    Set<ProcessHandle> left = new LinkedHashSet<>(known);
    left.addAll(members.get());
    left.removeIf(process -> !RunTree.alive(process));
    return left;
  }

  private static void waitUntilGone(Set<ProcessHandle> processes, Duration limit)
      throws InterruptedException {
    long until = System.nanoTime() + limit.toNanos();
    while (processes.stream().anyMatch(RunTree::alive) && System.nanoTime() < until) {
      Thread.sleep(POLL_MILLIS);
    }
  }
}
