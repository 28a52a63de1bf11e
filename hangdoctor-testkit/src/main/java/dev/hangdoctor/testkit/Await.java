package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.Poll;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting for a condition that a test cannot be told about directly (a thread reaching a
 * kernel state, a process disappearing). Polls with a short backoff, 5 ms growing to 50 ms, and
 * fails with what it was waiting for, instead of sleeping and hoping.
 */
public final class Await {
  private Await() {}

  /**
   * Returns as soon as {@code condition} holds.
   *
   * @throws AssertionError if it does not hold within {@code timeout}, or on interrupt (the
   *     interrupt status is kept)
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    boolean held;
    try {
      held = Poll.until(timeout, condition);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
    if (!held) {
      throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }
  }

  /**
   * Returns the first value {@code probe} yields.
   *
   * @throws AssertionError if it yields none within {@code timeout}, or on interrupt
   */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
    AtomicReference<T> found = new AtomicReference<>();
    until(
        what,
        timeout,
        () -> {
          Optional<T> value = probe.get();
          value.ifPresent(found::set);
          return value.isPresent();
        });
    return found.get();
  }
}
