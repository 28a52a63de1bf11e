package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The Python stacks of a process read between two full samples, without the kernel's side: extra
 * looks at where each thread's code is, so a thread that burns CPU can be told spinning in one
 * place from working its way through many. Only threads with a non-empty stack are kept.
 */
public record StackSample(long monotonicNanos, List<ThreadStack> threads) {
  public StackSample {
    threads = List.copyOf(threads);
  }

  /** One thread's frames, innermost first, keyed by its Linux thread id. */
  public record ThreadStack(int nativeThreadId, List<PythonFrame> frames) {
    public ThreadStack {
      frames = List.copyOf(frames);
    }
  }
}
