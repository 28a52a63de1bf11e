package dev.hangdoctor.runner;

import java.time.Duration;
import java.util.Optional;

/**
 * The two deadlines of an attempt, over a {@link Ticker}'s nanoseconds: the overall timeout from
 * the start, and the quiet timeout from the last output (the start counts as output). Pure, so the
 * decision is tested without waiting.
 */
final class Deadlines {
  /** The longest the runner sleeps between two checks, so a Ctrl+C is handled promptly. */
  static final Duration MAX_CHECK_INTERVAL = Duration.ofMillis(100);

  private final long startNanos;
  private final Optional<Duration> timeout;
  private final Optional<Duration> quietTimeout;

  Deadlines(long startNanos, Optional<Duration> timeout, Optional<Duration> quietTimeout) {
    this.startNanos = startNanos;
    this.timeout = timeout;
    this.quietTimeout = quietTimeout;
  }

  /** Which deadline has passed at {@code now}, the overall timeout winning a tie. */
  Optional<HangKind> expired(long now, long lastOutputNanos) {
    if (timeout.isPresent() && now - startNanos >= timeout.get().toNanos()) {
      return Optional.of(HangKind.TIMEOUT);
    }
    if (quietTimeout.isPresent()
        && now - Math.max(startNanos, lastOutputNanos) >= quietTimeout.get().toNanos()) {
      return Optional.of(HangKind.QUIET);
    }
    return Optional.empty();
  }

  /** The limit that {@code kind} stands for. */
  Duration limit(HangKind kind) {
    return (kind == HangKind.TIMEOUT ? timeout : quietTimeout).orElseThrow();
  }

  /** How long to wait before the next check: up to the nearest deadline, at most 100 ms. */
  long nanosToNextCheck(long now, long lastOutputNanos) {
    long wait = MAX_CHECK_INTERVAL.toNanos();
    if (timeout.isPresent()) {
      wait = Math.min(wait, startNanos + timeout.get().toNanos() - now);
    }
    if (quietTimeout.isPresent()) {
      wait =
          Math.min(
              wait, Math.max(startNanos, lastOutputNanos) + quietTimeout.get().toNanos() - now);
    }
    return Math.max(1, wait);
  }
}
