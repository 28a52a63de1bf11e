package dev.hangdoctor.evidence;

import java.util.List;

/** The evidence of {@code hangdoctor ps}: one or more process trees. */
public record ProcessForest(int schemaVersion, List<ProcessNode> roots) {
  public ProcessForest {
    roots = List.copyOf(roots);
  }
}
