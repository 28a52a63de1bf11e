package dev.hangdoctor.probe;

import java.nio.file.Path;
import java.util.List;

/**
 * How a watch ended: after how many checks, with how many incidents, the bundles written (some may
 * have been deleted since, under {@code --max-bundles}) and how many incidents' bundles could not
 * be written.
 */
public record WatchSummary(
    long checks, int incidents, List<Path> bundles, int unwrittenBundles, End end) {
  public WatchSummary {
    bundles = List.copyOf(bundles);
  }

  /** Why the watch stopped. */
  public enum End {
    INTERRUPTED,
    MAX_CHECKS,
    TARGET_GONE
  }
}
