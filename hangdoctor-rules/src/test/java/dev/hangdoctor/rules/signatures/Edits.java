package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
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

  /** The same thread with other frames. */
  static PythonThread withFrames(PythonThread thread, List<PythonFrame> frames) {
    return new PythonThread(
        thread.threadId(),
        thread.nativeThreadId(),
        thread.name(),
        thread.nameSource(),
        thread.holdsGil(),
        thread.idle(),
        frames,
        thread.framesTruncated(),
        thread.problem(),
        thread.daemon());
  }

  /** The same thread with another GIL flag. */
  static PythonThread withGil(PythonThread thread, boolean holdsGil) {
    return new PythonThread(
        thread.threadId(),
        thread.nativeThreadId(),
        thread.name(),
        thread.nameSource(),
        holdsGil,
        thread.idle(),
        thread.frames(),
        thread.framesTruncated(),
        thread.problem(),
        thread.daemon());
  }
}
