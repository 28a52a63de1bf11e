package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The evidence of {@code hangdoctor ps}: one or more process trees, and the processes worth
 * inspecting ({@code marks}; empty in evidence recorded before they existed).
 */
public record ProcessForest(int schemaVersion, List<ProcessNode> roots, List<ProcessMark> marks) {
  public ProcessForest {
    roots = List.copyOf(roots);
    marks = marks == null ? List.of() : List.copyOf(marks);
  }

  /** A forest without marks. */
  public ProcessForest(int schemaVersion, List<ProcessNode> roots) {
    this(schemaVersion, roots, List.of());
  }
}
