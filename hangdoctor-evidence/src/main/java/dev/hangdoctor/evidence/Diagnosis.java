package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The verdict on one inspection: the evidence it was reached from, the findings ranked most
 * confident first, and, only when there are none, the reasons the process looks healthy ("event
 * loop idle in epoll_wait with a 1 s timeout", …). {@link #hangFound()} tells the two apart.
 */
public record Diagnosis(
    int schemaVersion, Inspection inspection, List<Finding> findings, List<String> healthyReasons) {

  /** Version of the JSON diagnosis schema; raise it when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public Diagnosis {
    findings = List.copyOf(findings);
    healthyReasons = List.copyOf(healthyReasons);
  }

  public boolean hangFound() {
    return !findings.isEmpty();
  }
}
