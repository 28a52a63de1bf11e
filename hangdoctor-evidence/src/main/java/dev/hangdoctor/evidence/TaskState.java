package dev.hangdoctor.evidence;

/** Scheduler state of a process or thread, as the kernel reports it in {@code /proc/PID/stat}. */
public enum TaskState {
  RUNNING('R'),
  SLEEPING('S'),
  DISK_SLEEP('D'),
  ZOMBIE('Z'),
  STOPPED('T'),
  TRACING_STOP('t'),
  DEAD('X'),
  IDLE('I'),
  PARKED('P'),
  UNKNOWN('?');

  private final char code;

  TaskState(char code) {
    this.code = code;
  }

  /** The one-letter code used by {@code ps} and {@code /proc}. */
  public char code() {
    return code;
  }

  public static TaskState fromCode(char code) {
    for (TaskState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    return code == 'x' ? DEAD : UNKNOWN;
  }

  /** True when the task waits rather than runs (interruptible, uninterruptible or idle sleep). */
  public boolean isWaiting() {
    return this == SLEEPING || this == DISK_SLEEP || this == IDLE;
  }
}
