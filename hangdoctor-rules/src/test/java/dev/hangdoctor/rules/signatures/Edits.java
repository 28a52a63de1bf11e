package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Recorded evidence with one Python thread changed, to show what a rule does without a fact. */
final class Edits {
  private Edits() {}

  /** {@code inspection} with thread {@code tid} replaced by {@code edit} in the chosen samples. */
  static Inspection pythonThread(
      Inspection inspection, int tid, List<Integer> samples, UnaryOperator<PythonThread> edit) {
    List<ProcessSnapshot> edited = new ArrayList<>(inspection.samples());
    for (int index : samples) {
      ProcessSnapshot sample = edited.get(index);
      PythonStacks python = sample.python();
      List<PythonThread> threads = new ArrayList<>();
      for (PythonThread thread : python.threads()) {
        threads.add(thread.nativeThreadId() == tid ? edit.apply(thread) : thread);
      }
      edited.set(
          index,
          sample.withPython(
              new PythonStacks(
                  python.status(),
                  python.version(),
                  python.binary(),
                  python.layoutSource(),
                  threads,
                  python.detail())));
    }
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        edited,
        inspection.window(),
        inspection.tree(),
        inspection.partial());
  }

  /** {@code inspection} with thread {@code tid} replaced by {@code edit} in every sample. */
  static Inspection pythonThread(Inspection inspection, int tid, UnaryOperator<PythonThread> edit) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < inspection.samples().size(); i++) {
      all.add(i);
    }
    return pythonThread(inspection, tid, all, edit);
  }

  /**
   * {@code inspection} with thread {@code tid}'s activity over the window replaced by {@code edit}.
   */
  static Inspection activity(Inspection inspection, int tid, UnaryOperator<ThreadActivity> edit) {
    WindowSummary w = inspection.window();
    List<ThreadActivity> threads =
        w.threads().stream().map(t -> t.tid() == tid ? edit.apply(t) : t).toList();
    return new Inspection(
        inspection.schemaVersion(),
        inspection.pid(),
        inspection.samples(),
        new WindowSummary(
            w.samples(),
            w.spanMillis(),
            w.processCpuPercent(),
            threads,
            w.socketQueues(),
            w.firstFdCount(),
            w.lastFdCount()),
        inspection.tree(),
        inspection.partial(),
        inspection.stackSamples(),
        inspection.pipeEnds(),
        inspection.sourceLines(),
        inspection.connectionReads());
  }

  /** A thread's activity with other CPU, run-queue wait and voluntary switch figures. */
  static ThreadActivity withCpu(
      ThreadActivity t, double cpuPercent, long voluntarySwitches, double runqueueWaitPercent) {
    return new ThreadActivity(
        t.tid(),
        t.name(),
        t.state(),
        t.kernelWait(),
        cpuPercent,
        t.waitUnchanged(),
        t.samplesSeen(),
        voluntarySwitches,
        t.involuntaryContextSwitchesDelta(),
        runqueueWaitPercent);
  }

  /** The same thread with other frames. */
  static PythonThread withFrames(PythonThread thread, List<PythonFrame> frames) {
    return copy(thread, thread.holdsGil(), frames, thread.framesTruncated(), thread.problem());
  }

  /** The same thread read torn: {@code frames} as far as the walk got, and why it stopped. */
  static PythonThread torn(PythonThread thread, List<PythonFrame> frames, String problem) {
    return copy(thread, thread.holdsGil(), frames, true, problem);
  }

  /** The same thread with another GIL flag. */
  static PythonThread withGil(PythonThread thread, boolean holdsGil) {
    return copy(thread, holdsGil, thread.frames(), thread.framesTruncated(), thread.problem());
  }

  private static PythonThread copy(
      PythonThread thread,
      boolean holdsGil,
      List<PythonFrame> frames,
      boolean framesTruncated,
      String problem) {
    return new PythonThread(
        thread.threadId(),
        thread.nativeThreadId(),
        thread.name(),
        thread.nameSource(),
        holdsGil,
        thread.idle(),
        frames,
        framesTruncated,
        problem,
        thread.daemon());
  }
}
