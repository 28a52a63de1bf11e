package dev.hangdoctor.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on one process: the evidence it was reached from, the findings ranked most confident
 * first, and, only when there are none, the reasons the process looks healthy ("event loop idle in
 * epoll_wait with a 1 s timeout", …). {@code children} holds the verdicts on its child processes,
 * each with theirs, so a parent that waits on a stuck child leads to the child's verdict. {@link
 * #hangFound()} tells a hang anywhere in that tree from a healthy one. {@code blindSpots} says what
 * could not be looked at in this process (its findings and healthy reasons rest on the rest);
 * {@code coverage}, set on the diagnosed target only ({@code null} on its children), says which
 * processes of the tree were sampled when, and which were left out. {@code waitFor} is the wait-for
 * graph the rules queried: who waits for whom through which resource.
 */
public record Diagnosis(
    int schemaVersion,
    Inspection inspection,
    List<Finding> findings,
    List<String> healthyReasons,
    List<Diagnosis> children,
    WaitForGraph waitFor,
    List<BlindSpot> blindSpots,
    TreeCoverage coverage,
    Headline headline) {

  /** Version of the JSON diagnosis schema; raise it when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public Diagnosis {
    findings = List.copyOf(findings);
    healthyReasons = List.copyOf(healthyReasons);
    children = List.copyOf(children);
    waitFor = waitFor == null ? WaitForGraph.EMPTY : waitFor;
    blindSpots = blindSpots == null ? List.of() : List.copyOf(blindSpots);
  }

  /** A verdict with its wait-for graph, no blind spots and no tree coverage (as rules make it). */
  public Diagnosis(
      int schemaVersion,
      Inspection inspection,
      List<Finding> findings,
      List<String> healthyReasons,
      List<Diagnosis> children,
      WaitForGraph waitFor) {
    this(
        schemaVersion,
        inspection,
        findings,
        healthyReasons,
        children,
        waitFor,
        List.of(),
        null,
        null);
  }

  /** A verdict without its wait-for graph, with blind spots, coverage and headline. */
  public Diagnosis(
      int schemaVersion,
      Inspection inspection,
      List<Finding> findings,
      List<String> healthyReasons,
      List<Diagnosis> children,
      List<BlindSpot> blindSpots,
      TreeCoverage coverage,
      Headline headline) {
    this(
        schemaVersion,
        inspection,
        findings,
        healthyReasons,
        children,
        WaitForGraph.EMPTY,
        blindSpots,
        coverage,
        headline);
  }

  /** A verdict with no wait-for graph, blind spots or tree coverage. */
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

  /**
   * True when this process or any process below it has a finding at least as sure as {@code
   * atLeast}: {@code MEDIUM} counts HIGH and MEDIUM findings, {@code LOW} counts every finding.
   */
  public boolean hangFound(Confidence atLeast) {
    return findings.stream().anyMatch(f -> f.confidence().compareTo(atLeast) <= 0)
        || children.stream().anyMatch(child -> child.hangFound(atLeast));
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

  /**
   * This verdict with other findings, children and blind spots (its coverage and headline kept).
   */
  public Diagnosis with(
      List<Finding> newFindings, List<Diagnosis> newChildren, List<BlindSpot> newBlindSpots) {
    return new Diagnosis(
        schemaVersion,
        inspection,
        newFindings,
        healthyReasons,
        newChildren,
        waitFor,
        newBlindSpots,
        coverage,
        headline);
  }

  /** This verdict with the tree coverage of the diagnosis that made it. */
  public Diagnosis withCoverage(TreeCoverage newCoverage) {
    return new Diagnosis(
        schemaVersion,
        inspection,
        findings,
        healthyReasons,
        children,
        waitFor,
        blindSpots,
        newCoverage,
        headline);
  }

  /** This verdict with what its report's first line says. */
  public Diagnosis withHeadline(Headline newHeadline) {
    return new Diagnosis(
        schemaVersion,
        inspection,
        findings,
        healthyReasons,
        children,
        waitFor,
        blindSpots,
        coverage,
        newHeadline);
  }
}
