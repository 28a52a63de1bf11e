package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The Python side of a process, read from outside without pausing it: which CPython, how its layout
 * was learnt, and every thread's stack. When {@code status} is not {@code READ}, {@code detail}
 * says why (for example "unsupported CPython 3.10") and {@code threads} is empty.
 */
public record PythonStacks(
    Status status,
    String version,
    String binary,
    LayoutSource layoutSource,
    List<PythonThread> threads,
    String detail) {

  /** The outcome of the read. */
  public enum Status {
    READ,
    NOT_PYTHON,
    UNSUPPORTED_VERSION,
    PERMISSION_DENIED,
    TARGET_EXITED,
    UNREADABLE
  }

  /** Where the struct offsets came from. */
  public enum LayoutSource {
    /** The {@code _Py_DebugOffsets} table the interpreter publishes (3.13+). */
    DEBUG_OFFSETS,
    /** hangdoctor's own table for that minor version. */
    TABLE,
    NONE
  }

  public PythonStacks {
    threads = List.copyOf(threads);
  }

  public static PythonStacks unavailable(Status status, String version, String detail) {
    return new PythonStacks(status, version, null, LayoutSource.NONE, List.of(), detail);
  }
}
