package dev.hangdoctor.probe;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Told what a watch does, so the CLI can print it; every method runs on the watch's thread. */
public interface WatchListener {
  /** After every check; {@code failuresInARow} counts this one when it failed. */
  default void onCheck(TimedCheck check, int failuresInARow, boolean inIncident) {}

  /** A bundle was written for a new incident, and older bundles deleted to stay under the cap. */
  default void onIncident(Path bundle, IncidentEvidence evidence, List<Path> deleted) {}

  /** A new incident's bundle could not be written; the watch goes on. */
  default void onBundleFailed(String why) {}

  /** The first passing check after an incident. */
  default void onRecovery(Instant at) {}
}
