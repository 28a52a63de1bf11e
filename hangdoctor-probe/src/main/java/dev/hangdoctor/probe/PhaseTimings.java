package dev.hangdoctor.probe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each phase of a probe ended, measured from the start of the probe (cumulative, like curl's
 * {@code time_connect}, {@code time_starttransfer}, {@code time_total}); a phase that was not
 * reached, or not needed (TLS on plain HTTP), has no time.
 */
public record PhaseTimings(Map<Phase, Duration> ends, Duration total) {
  public PhaseTimings {
    ends = ends.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(ends));
  }

  /** When {@code phase} ended, if it did. */
  public Optional<Duration> end(Phase phase) {
    return Optional.ofNullable(ends.get(phase));
  }
}
