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
}
