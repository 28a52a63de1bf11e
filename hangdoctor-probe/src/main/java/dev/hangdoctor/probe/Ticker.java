package dev.hangdoctor.probe;

/**
 * A monotonic nanosecond source; injected so timings and the watch loop can be tested on a fake.
 */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long read();
}
