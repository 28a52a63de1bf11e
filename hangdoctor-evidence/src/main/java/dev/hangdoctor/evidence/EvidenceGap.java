package dev.hangdoctor.evidence;

/**
 * Something that could not be observed, with the reason. Evidence is reported with its gaps rather
 * than failing as a whole, so a report always shows what was read.
 */
public record EvidenceGap(String what, Reason reason, String detail) {

  /** Why the evidence is missing. */
  public enum Reason {
    /** The kernel refused (ptrace access rules). */
    PERMISSION_DENIED,
    /** The process (or thread) exited while it was being read. */
    TARGET_EXITED,
    /** This kernel or system does not offer it. */
    NOT_AVAILABLE,
    /** It was there but could not be understood. */
    UNREADABLE
  }
}
