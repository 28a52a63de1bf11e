package dev.hangdoctor.probe;

import java.time.Duration;

/**
 * How a probe behaves: {@code timeout} bounds the whole request from the start (DNS to the last
 * body byte; every read waits only for the time left), {@code connectTimeout} bounds the TCP
 * connect on its own, a complete answer slower than {@code slow} is {@link ProbeOutcome#SLOW},
 * {@code insecure} skips certificate checks, and at most {@code maxBodyBytes} of the body are read.
 */
public record ProbeSettings(
    Duration timeout, Duration connectTimeout, Duration slow, boolean insecure, long maxBodyBytes) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SLOW = Duration.ofSeconds(1);
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public static final ProbeSettings DEFAULT =
      new ProbeSettings(
          DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SLOW, false, DEFAULT_MAX_BODY_BYTES);

  public ProbeSettings {
    requirePositive("--timeout", timeout);
    requirePositive("--connect-timeout", connectTimeout);
    requirePositive("--slow", slow);
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("body cap must not be negative, got " + maxBodyBytes);
    }
  }

  private static void requirePositive(String what, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          what + " must be more than 0, got " + Durations.human(value));
    }
  }
}
