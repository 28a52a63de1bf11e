package dev.hangdoctor.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One attempt of a run: its number, how it ended, the exit status hangdoctor reports for it (the
 * command's own, 124 hung, 126/127 not started, 130 interrupted), how long it took, and for a hang
 * what was found ({@link Hang}), the processes found outside the command's tree by the marker, and
 * who survived the kill.
 */
public record AttemptResult(
    int number,
    Outcome outcome,
    int exitStatus,
    Duration duration,
    String markerId,
    Optional<Hang> hang,
    List<Long> escapedPids,
    List<String> survivors,
    Optional<Path> reportDir) {

  /** The exit status of a hang, as coreutils {@code timeout} uses it. */
  public static final int HUNG_STATUS = 124;

  /** The exit status when the command was found but could not be executed. */
  public static final int CANNOT_EXECUTE_STATUS = 126;

  /** The exit status when the command was not found. */
  public static final int NOT_FOUND_STATUS = 127;

  /** The exit status when the user interrupted the run: 128 + SIGINT. */
  public static final int INTERRUPTED_STATUS = 130;

  /**
   * A hang: which deadline passed and how long after the start ({@code after}), the top verdict,
   * and how long after the deadline the evidence was complete (written, or shown).
   */
  public record Hang(
      HangKind kind, Duration after, String verdict, Duration evidenceAfterDeadline) {}

  /** The top verdict, for hangs. */
  public Optional<String> verdict() {
    return hang.map(Hang::verdict);
  }

  public AttemptResult {
    escapedPids = List.copyOf(escapedPids);
    survivors = List.copyOf(survivors);
  }
}
