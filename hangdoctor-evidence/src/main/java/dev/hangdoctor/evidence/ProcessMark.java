package dev.hangdoctor.evidence;

/**
 * Why {@code hangdoctor ps} marks a process as the one to inspect: its {@code kind}, and {@code
 * detail} in words ("read(fd 3: pipe:[123]), unchanged over 0.5 s", "waits on stuck child PID 7").
 */
public record ProcessMark(int pid, Kind kind, String detail) {

  /** What makes the process worth inspecting. */
  public enum Kind {
    /** Its main thread sat in the same wait, with no wake-up, over the settle time. */
    STUCK_WAIT,
    /** It waits for a child ({@code wait4}) that is stuck, or that waits on a stuck child. */
    WAITS_ON_STUCK_CHILD
  }
}
