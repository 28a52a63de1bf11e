package dev.hangdoctor.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Time that moves only when told to or when someone sleeps: ticker, sleeper and clock at once. */
final class FakeTime extends Clock implements Ticker, Sleeper {
  private static final Instant EPOCH = Instant.parse("2026-11-23T10:00:00Z");
  private long nanos;
  final List<Duration> sleeps = new ArrayList<>();

  void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  @Override
  public long read() {
    return nanos;
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    if (!duration.isNegative()) {
      advance(duration);
    }
  }

  @Override
  public Instant instant() {
    return EPOCH.plusNanos(nanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
