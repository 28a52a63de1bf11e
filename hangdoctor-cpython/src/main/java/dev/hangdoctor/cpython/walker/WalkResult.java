package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.evidence.PythonThread;
import java.util.List;

/**
 * The threads a walk found, and {@code problem} when the thread list itself could not be read to
 * its end (then {@code walked} holds those read before it). {@code mainInterpreter} is the address
 * of the main {@code PyInterpreterState} (the last in the runtime's list), or 0 if none was read.
 */
public record WalkResult(List<WalkedThread> walked, String problem, long mainInterpreter) {
  public WalkResult {
    walked = List.copyOf(walked);
  }

  /** What is reported about each thread, in walk order. */
  public List<PythonThread> threads() {
    return walked.stream().map(WalkedThread::thread).toList();
  }
}
