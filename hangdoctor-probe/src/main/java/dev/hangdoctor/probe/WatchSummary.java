package dev.hangdoctor.probe;

import java.nio.file.Path;
import java.util.List;

/** How a watch ended, after how many checks, with which incidents and bundles written. */
public record WatchSummary(long checks, int incidents, List<Path> bundles, End end) {
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
