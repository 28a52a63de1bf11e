package dev.hangdoctor.testkit.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Kills a set of processes the way a careful operator would: SIGTERM, a bounded wait, then SIGKILL
 * for whatever is left (including anything forked in the meantime) and another bounded wait.
 * Processes that are already gone are skipped silently.
 */
public final class ProcessKiller {
  private static final Duration TERM_GRACE = Duration.ofSeconds(2);
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private ProcessKiller() {}

  /**
   * Kills everything {@code victims} names; it is asked again before SIGKILL to catch late forks.
   * Preserves the caller's interrupt status but does not let an interrupt cut the kill short.
   *
   * @return the processes still alive afterwards, normally none
   */
  public static Set<ProcessKey> kill(Supplier<Set<ProcessKey>> victims) {
    Set<ProcessKey> targeted = new HashSet<>(victims.get());
    if (targeted.isEmpty()) {
      return Set.of();
    }
    boolean interrupted = false;
    targeted.forEach(key -> signal(key, false));
    try {
      Poll.until(TERM_GRACE, () -> targeted.stream().allMatch(Procs::gone));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    targeted.addAll(victims.get());
    targeted.removeIf(Procs::gone);
    targeted.forEach(key -> signal(key, true));
    try {
      Poll.until(KILL_GRACE, () -> targeted.stream().allMatch(Procs::gone));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return targeted.stream().filter(key -> !Procs.gone(key)).collect(Collectors.toSet());
  }

  private static void signal(ProcessKey key, boolean forcibly) {
    if (key.pid() == ProcessHandle.current().pid() || Procs.gone(key)) {
      return;
    }
    ProcessHandle.of(key.pid())
        .ifPresent(
            handle -> {
              if (forcibly) {
                handle.destroyForcibly();
              } else {
                handle.destroy();
              }
            });
  }
}
