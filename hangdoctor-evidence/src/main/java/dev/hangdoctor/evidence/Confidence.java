package dev.hangdoctor.evidence;

/** How sure a rule is that its finding explains the hang; findings are ranked by it, HIGH first. */
public enum Confidence {
  /** The evidence matches the signature in every sample, with nothing left unexplained. */
  HIGH,
  /** The signature matches, but part of the evidence that would confirm it is missing. */
  MEDIUM,
  /** A plausible cause worth checking; the evidence is circumstantial. */
  LOW
}
