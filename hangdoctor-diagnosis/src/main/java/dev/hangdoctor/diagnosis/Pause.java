package dev.hangdoctor.diagnosis;

import java.time.Duration;

/** Waits between samples; injected so tests can run a sampling window without waiting. */
@FunctionalInterface
public interface Pause {
  Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

  void pause(Duration duration) throws InterruptedException;
}
