package dev.hangdoctor.probe;

/**
 * What a watch repeats: probing URLs, or sampling a process. {@link #investigate} gathers the
 * evidence for a bundle once checks have failed often enough to call it an incident.
 */
public interface Check {
  CheckResult run() throws InterruptedException;

  /** The evidence behind {@code failing}, the last failed check of an incident. */
  IncidentEvidence investigate(CheckResult failing) throws InterruptedException;

  /** The command that repeats this check by hand, for the bundle's tracker. */
  String reproduction();
}
