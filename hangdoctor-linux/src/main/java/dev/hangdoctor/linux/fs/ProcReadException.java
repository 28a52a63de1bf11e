package dev.hangdoctor.linux.fs;

import dev.hangdoctor.evidence.EvidenceGap;
import java.io.IOException;

/** A {@code /proc} file could not be read; {@link #reason()} says whether to blame the target. */
public final class ProcReadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final EvidenceGap.Reason reason;

  public ProcReadException(String path, EvidenceGap.Reason reason, Throwable cause) {
    super(describe(path, reason, cause), cause);
    this.reason = reason;
  }

  public EvidenceGap.Reason reason() {
    return reason;
  }

  public boolean targetExited() {
    return reason == EvidenceGap.Reason.TARGET_EXITED;
  }

  public boolean permissionDenied() {
    return reason == EvidenceGap.Reason.PERMISSION_DENIED;
  }

  /** The gap to record for {@code what} when this exception is swallowed into a partial result. */
  public EvidenceGap toGap(String what) {
    return new EvidenceGap(what, reason, getMessage());
  }

  private static String describe(String path, EvidenceGap.Reason reason, Throwable cause) {
    switch (reason) {
      case TARGET_EXITED:
        return "reading " + path + ": the process or thread is gone";
      case PERMISSION_DENIED:
        return "reading " + path + ": permission denied";
      default:
        return "reading " + path + ": " + (cause == null ? "unreadable" : cause.getMessage());
    }
  }
}
