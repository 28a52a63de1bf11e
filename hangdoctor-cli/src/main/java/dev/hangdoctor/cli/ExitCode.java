package dev.hangdoctor.cli;

/**
 * Every exit status hangdoctor uses, documented in the README. Chosen here and nowhere else. {@code
 * run} also ends with the command's own status, through {@link #passThrough(int)}: coreutils {@code
 * timeout} does the same, so 124 to 127 and 130 mean the same as there.
 */
public enum ExitCode {
  OK(
      0,
      "success (diagnose: no hang found; probe: every URL answered; compare: fixed by the change;"
          + " bisect: the commit was found)"),
  HANG_FOUND(
      1,
      "diagnose, probe: a hang was found (the report names it), or the process is stopped: a"
          + " finding at least as sure as --fail-on (default medium; LOW findings alone exit 0);"
          + " compare: regression, the change makes CMD fail or hang more often"),
  USAGE(2, "bad arguments"),
  NO_SUCH_TARGET(3, "no such process, or nothing listens on the port"),
  PERMISSION_DENIED(4, "the kernel refused part of the evidence (report printed with gaps)"),
  ZOMBIE(5, "the target is a zombie: exited, not reaped by its parent"),
  KERNEL_THREAD(6, "the target is a kernel thread: no user space to inspect"),
  TARGET_EXITED(7, "the target exited during the inspection (partial report printed)"),
  MISSING_PROGRAM(8, "a program hangdoctor needs is missing (demo: python3)"),
  NO_PYTHON_STACKS(
      9,
      "no stacks: not a CPython 3.11-3.14 process, nor a JVM that answered (dump; kernel evidence"
          + " printed)"),
  PROBE_FAILED(
      10,
      "a probe failed (timeout, refused, reset, HTTP error, slow, …) and no hang was found behind"
          + " it"),
  COULD_NOT_LOOK(
      11,
      "diagnose: could not look: no hang found in what could be read, but hangdoctor could not read"
          + " what it needs to rule one out (Python stacks of CPython 3.10 or older, a JVM's Java"
          + " stacks); the report says what is missing"),
  PRE_EXISTING(12, "compare: pre-existing: CMD fails or hangs the same way without the change"),
  INCONCLUSIVE(
      13,
      "compare: inconclusive: the runs do not decide (the conclusion says how many would);"
          + " bisect: the bad revision is not shown to be worse than the good one"),
  NOT_REPRODUCED(14, "compare: not-reproduced: no run failed or hung on either side"),
  INTERNAL_ERROR(70, "internal error: a bug in hangdoctor"),
  HUNG(124, "run: the command hung (deadline passed); evidence taken, then its tree was killed"),
  RUN_FAILED(125, "run: hangdoctor itself failed while running the command"),
  CANNOT_EXECUTE(126, "run: the command was found but could not be executed"),
  COMMAND_NOT_FOUND(127, "run: the command was not found"),
  INTERRUPTED(130, "interrupted (Ctrl+C)"),
  /**
   * Set by the JVM itself (128 + SIGTERM) when SIGTERM ends {@code watch}: its shutdown hook lets
   * the check in progress finish first.
   */
  TERMINATED(143, "watch: stopped by SIGTERM (after finishing the check in progress)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** What {@code exit-codes} prints below the table, for {@link #passThrough(int)}. */
  public static final String PASS_THROUGH_MEANING =
      "run: otherwise the command's own exit status (128+N when signal N ended it)";

  /**
   * The command's own exit status as {@code run}'s: unchanged, as the shell reports it (0 to 255).
   *
   * @throws IllegalArgumentException for a status no process can have
   */
  public static int passThrough(int commandStatus) {
    if (commandStatus < 0 || commandStatus > 255) {
      throw new IllegalArgumentException("not an exit status: " + commandStatus);
    }
    return commandStatus;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
