package dev.hangdoctor.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on one process: the evidence it was reached from, the findings ranked most confident
 * first, and, only when there are none, the reasons the process looks healthy ("event loop idle in
 * epoll_wait with a 1 s timeout", …). {@code children} holds the verdicts on its child processes,
 * each with theirs, so a parent that waits on a stuck child leads to the child's verdict. {@link
 * #hangFound()} tells a hang anywhere in that tree from a healthy one.
 */
public record Diagnosis(
    int schemaVersion,
    Inspection inspection,
    List<Finding> findings,
    List<String> healthyReasons,
    List<Diagnosis> children,
    WaitForGraph waitFor) {

  /** Version of the JSON diagnosis schema; raise it when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public Diagnosis {
    findings = List.copyOf(findings);
    healthyReasons = List.copyOf(healthyReasons);
    children = List.copyOf(children);
    waitFor = waitFor == null ? WaitForGraph.EMPTY : waitFor;
  }

  /** A diagnosis without its wait-for graph. */
  public Diagnosis(
      int schemaVersion,
      Inspection inspection,
      List<Finding> findings,
      List<String> healthyReasons,
      List<Diagnosis> children) {
    this(schemaVersion, inspection, findings, healthyReasons, children, WaitForGraph.EMPTY);
  }

  /** The pid this verdict is about. */
  public int pid() {
    return inspection.pid();
  }

  /** True when this process or any process below it has a finding. */
  public boolean hangFound() {
    return !findings.isEmpty() || children.stream().anyMatch(Diagnosis::hangFound);
  }

  /** This process and every process below it, parents before their children. */
  public List<Diagnosis> flatten() {
    List<Diagnosis> all = new ArrayList<>();
    all.add(this);
    for (Diagnosis child : children) {
      all.addAll(child.flatten());
    }
    return all;
  }
}
