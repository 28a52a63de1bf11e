package dev.hangdoctor.probe;

import java.time.Duration;
import java.util.StringJoiner;

/**
 * One line per probe, for people: class, status, URL, when each phase ended (cumulative from the
 * start; {@code -} for a phase not reached), then the detail. Timeouts show how long the failed
 * phase had been waiting.
 */
public final class ProbeLines {
  private ProbeLines() {}

  public static String line(ProbeResult result) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("%-12s %3s  %s", result.outcome().label(), status(result), result.url()));
    if (result.outcome() != ProbeOutcome.SKIPPED) {
      out.append("  ").append(timings(result));
    }
    out.append("  (").append(result.detail());
    if (result.status() > 0) {
      out.append(", ").append(result.bodyBytes()).append(" B body");
    }
    out.append(')');
    return out.toString();
  }

  /**
   * {@code dns 0.1ms connect 0.3ms first-byte 2.1ms complete 2.4ms}, stopping at a failed phase.
   */
  public static String timings(ProbeResult result) {
    StringJoiner parts = new StringJoiner("  ");
    for (Phase phase : Phase.values()) {
      if (phase == Phase.TLS && !result.url().getScheme().equalsIgnoreCase("https")) {
        continue;
      }
      String name = phase == Phase.BODY ? "complete" : phase.label().replace(' ', '-');
      Duration end = result.timings().end(phase).orElse(null);
      if (end != null) {
        parts.add(name + " " + Durations.measured(end));
      } else if (result.failedPhase() == phase) {
        parts.add(name + " -- (failed after " + Durations.measured(result.timings().total()) + ")");
        break;
      } else {
        parts.add(name + " -");
      }
    }
    return parts.toString();
  }

  private static String status(ProbeResult result) {
    return result.status() > 0 ? Integer.toString(result.status()) : "";
  }
}
