package dev.hangdoctor.runner;

/** A monotonic clock in nanoseconds; injected so deadline logic can be tested without waiting. */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long nanos();
}
