package dev.hangdoctor.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code tasks_target.py}, an asyncio program holding a task in every wait shape, started and
 * handed over once its loop thread sleeps in the selector: READY is printed by a loop callback, and
 * a read right after it could find the loop thread still running that callback.
 */
public final class TasksTarget {
  private TasksTarget() {}

  /** The program on {@code python}, its loop thread asleep in epoll. */
  public static Target start(Path python) {
    Target target =
        Target.start(
            TargetSpec.python(python, "tasks_target.py").withReadyTimeout(Duration.ofSeconds(60)));
    try {
      KernelOracle.awaitSleeping(
          target.pid(),
          Set.of((int) target.pid()),
          Duration.ofSeconds(30),
          "epoll_wait",
          "epoll_pwait");
    } catch (AssertionError e) {
      target.close();
      throw e;
    }
    return target;
  }
}
