package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The Python side of a process, read from outside without pausing it: which CPython, how its layout
 * was learnt, and every thread's stack. When {@code status} is not {@code READ}, {@code detail}
 * says why (for example "unsupported CPython 3.10") and {@code threads} is empty. {@code asyncio}
 * holds the asyncio task graph when a thread runs an asyncio event loop and it was read, else
 * {@code null}.
 */
public record PythonStacks(
    Status status,
    String version,
    String binary,
    LayoutSource layoutSource,
    List<PythonThread> threads,
    String detail,
    AsyncTasks asyncio) {

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

  /** Stacks without an asyncio task graph. */
  public PythonStacks(
      Status status,
      String version,
      String binary,
      LayoutSource layoutSource,
      List<PythonThread> threads,
      String detail) {
    this(status, version, binary, layoutSource, threads, detail, null);
  }

  /** These stacks with the asyncio task graph added. */
  public PythonStacks withAsyncio(AsyncTasks tasks) {
    return new PythonStacks(status, version, binary, layoutSource, threads, detail, tasks);
  }

  /** These stacks with other threads (the task graph kept). */
  public PythonStacks withThreads(List<PythonThread> others) {
    return new PythonStacks(status, version, binary, layoutSource, others, detail, asyncio);
  }

  public static PythonStacks unavailable(Status status, String version, String detail) {
    return new PythonStacks(status, version, null, LayoutSource.NONE, List.of(), detail);
  }
}
