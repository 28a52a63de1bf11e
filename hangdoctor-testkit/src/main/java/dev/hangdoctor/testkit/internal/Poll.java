package dev.hangdoctor.testkit.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling with a short, growing backoff (5 ms up to 50 ms). */
public final class Poll {
  private static final long FIRST_PAUSE_MILLIS = 5;
  private static final long LONGEST_PAUSE_MILLIS = 50;

  private Poll() {}

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes.
   *
   * @return whether the condition held
   * @throws InterruptedException if interrupted while pausing between polls
   */
  public static boolean until(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      Thread.sleep(Math.max(1, Math.min(pause, Duration.ofNanos(left).toMillis())));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }
}
