package dev.hangdoctor.rules.graph;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonWait;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.Optional;

/** What a Python thread waits for across the samples of a window. */
final class PythonWaits {
  private PythonWaits() {}

  /**
   * The wait of thread {@code tid} when every sample that read its stack shows it waiting on the
   * same object in the same way (at least two samples): a thread that keeps retrying a timed wait
   * in a loop, {@code while not event.wait(1): pass}, waits on that object as surely as one that
   * waits without a timeout.
   */
  static Optional<PythonWait> sameWaitInEverySample(Inspection inspection, int tid) {
    PythonWait first = null;
    int seen = 0;
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonWait> wait = Lookup.pythonThread(sample, tid).map(thread -> thread.waitsFor());
      if (sample.python() == null) {
        continue;
      }
      if (wait.isEmpty() || wait.get() == null) {
        return Optional.empty();
      }
      if (first == null) {
        first = wait.get();
      } else if (first.kind() != wait.get().kind() || first.object() != wait.get().object()) {
        return Optional.empty();
      }
      seen++;
    }
    return seen >= 2 ? Optional.of(first) : Optional.empty();
  }
}
