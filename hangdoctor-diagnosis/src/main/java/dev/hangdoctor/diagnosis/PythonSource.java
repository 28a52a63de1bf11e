package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.PythonStacks;

/**
 * Reads the Python stacks of a process for one sample. Injected into the sampling window so that
 * Python evidence is taken beside each kernel snapshot, and replaceable in tests.
 */
@FunctionalInterface
public interface PythonSource {
  /** A source for processes that are never Python: reads nothing. */
  PythonSource NONE = pid -> null;

  /**
   * The stacks, a {@link PythonStacks} saying why there are none, or {@code null} if not Python.
   */
  PythonStacks read(int pid);

  /**
   * The stacks alone, for the extra looks between samples: a source that can skip reading what each
   * thread is doing (calls, locks, waits) does so here.
   */
  default PythonStacks readFrames(int pid) {
    return read(pid);
  }

  /**
   * Frame-only reads of {@code pid} taken in quick succession: a source that can keep what it found
   * out about the process between them (where the interpreter is) does so here.
   */
  default RepeatedReads repeatedReads(int pid) {
    return () -> readFrames(pid);
  }

  /** See {@link #repeatedReads}; closed when the reads are done. */
  @FunctionalInterface
  interface RepeatedReads extends AutoCloseable {
    /** The stacks now, as {@link PythonSource#readFrames}. */
    PythonStacks read();

    @Override
    default void close() {}
  }
}
