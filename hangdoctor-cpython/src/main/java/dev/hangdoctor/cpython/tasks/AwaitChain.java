package dev.hangdoctor.cpython.tasks;

import java.util.List;

/**
 * A task's await chain: the suspended frames outermost first (each with its address), the object
 * the innermost frame awaits ({@code leaf}, 0 if none), the future behind it ({@code future}: a
 * {@code FutureIter}'s future, else 0), and whether the outermost coroutine is executing now.
 */
record AwaitChain(List<ChainFrame> frames, long leaf, long future, boolean executing) {
  AwaitChain {
    frames = List.copyOf(frames);
  }

  /** One frame of the chain: the frame's address and the coroutine or generator owning it. */
  record ChainFrame(long frameAddress, long owner, dev.hangdoctor.evidence.PythonFrame frame) {}

  ChainFrame innermost() {
    return frames.isEmpty() ? null : frames.get(frames.size() - 1);
  }
}
