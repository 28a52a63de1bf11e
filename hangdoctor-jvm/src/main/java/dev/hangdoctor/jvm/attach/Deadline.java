package dev.hangdoctor.jvm.attach;

import java.time.Duration;

/** A point in monotonic time by which a step must be done, and how much of it is left. */
final class Deadline {
  private final long endNanos;
  private final Duration budget;

  private Deadline(long endNanos, Duration budget) {
    this.endNanos = endNanos;
    this.budget = budget;
  }

  static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos(), budget);
  }

  long remainingMillis() {
    return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** "3.0 s" */
  String budget() {
    return String.format(java.util.Locale.ROOT, "%.1f s", budget.toMillis() / 1000.0);
  }
}
