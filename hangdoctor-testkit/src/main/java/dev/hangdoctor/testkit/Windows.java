package dev.hangdoctor.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Live verdict checks as rates, not one lucky window: after the target's readiness handshake, take
 * {@link #count()} independent windows and require every one of them to pass the same check (a
 * control: every one clean). The failure names how many windows failed and why each did, so a rule
 * that fires in one window out of fifteen cannot pass, and one that misses now and then shows it.
 */
public final class Windows {
  /** Windows in the normal suite; {@code -Dhangdoctor.windows=N} takes more (or fewer). */
  public static final int DEFAULT_COUNT = 3;

  private Windows() {}

  /** The number of windows each live check takes. */
  public static int count() {
    return Math.max(1, Integer.getInteger("hangdoctor.windows", DEFAULT_COUNT));
  }

  /**
   * Takes {@link #count()} windows with {@code window}, one after another, and checks each with
   * {@code check}; returns them all once every one passed.
   *
   * @param what the verdict expected, for the failure message
   * @throws AssertionError naming each window that failed (or could not be taken) and why
   */
  public static <T> List<T> all(String what, Callable<T> window, Consumer<T> check) {
    int count = count();
    List<T> taken = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    StringBuilder why = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      try {
        T result = window.call();
        taken.add(result);
        check.accept(result);
      } catch (AssertionError | Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failures.add(e);
        why.append("\n--- window ").append(i).append(": ").append(e.getMessage());
      }
    }
    if (failures.isEmpty()) {
      return taken;
    }
    AssertionError error =
        new AssertionError(
            what + ": " + failures.size() + " of " + count + " windows failed" + why,
            failures.get(0));
    failures.stream().skip(1).forEach(error::addSuppressed);
    throw error;
  }
}
