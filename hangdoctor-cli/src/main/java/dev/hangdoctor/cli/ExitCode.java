package dev.hangdoctor.cli;

/** Every exit status hangdoctor uses, documented in the README. Chosen here and nowhere else. */
public enum ExitCode {
  OK(0, "success"),
  HANG_FOUND(1, "a hang was found"),
  USAGE(2, "bad arguments"),
  NO_SUCH_TARGET(3, "no such process, or nothing listens on the port"),
  PERMISSION_DENIED(4, "the kernel refused part of the evidence (report printed with gaps)"),
  ZOMBIE(5, "the target is a zombie: exited, not reaped by its parent"),
  KERNEL_THREAD(6, "the target is a kernel thread: no user space to inspect"),
  TARGET_EXITED(7, "the target exited during the inspection (partial report printed)"),
  MISSING_PROGRAM(8, "a program hangdoctor needs is missing (demo: python3)"),
  NO_PYTHON_STACKS(
      9, "no Python stacks: not a CPython 3.11-3.14 process (dump; kernel evidence printed)"),
  PROBE_FAILED(
      10,
      "a probe failed (timeout, refused, reset, HTTP error, slow, …) and no hang was found behind"
          + " it"),
  INTERNAL_ERROR(70, "internal error: a bug in hangdoctor"),
  INTERRUPTED(130, "interrupted (Ctrl+C)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
