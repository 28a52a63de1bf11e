package dev.hangdoctor.runner;

import java.time.Duration;

/** Why a run was declared hung: its overall deadline passed, or it printed nothing for too long. */
public enum HangKind {
  TIMEOUT("timed out after "),
  QUIET("printed nothing for ");

  private final String prefix;

  HangKind(String prefix) {
    this.prefix = prefix;
  }

  /** "timed out after 30.0 s", "printed nothing for 10.0 s". */
  public String describe(Duration limit) {
    return prefix + Durations.seconds(limit);
  }
}
