package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SourceLine;
import dev.hangdoctor.evidence.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole stack of a finding's blocking thread, user frames marked and given their source line:
 * what a report shows under a finding so the caller that must change is in sight.
 */
public final class Stacks {
  private Stacks() {}

  /** {@code finding} with its thread's whole stack, unless it has one or concerns no thread. */
  public static Finding withBlockingStack(Inspection inspection, Finding finding) {
    if (!finding.stack().isEmpty() || finding.tid() == Finding.PROCESS_WIDE) {
      return finding;
    }
    Optional<PythonThread> thread = Lookup.pythonThread(inspection.latest(), finding.tid());
    if (thread.isEmpty() || thread.get().frames().isEmpty()) {
      return finding;
    }
    return finding.withStack(of(inspection, thread.get().frames()));
  }

  /** {@code frames} (innermost first) as stack frames with user marks and source lines. */
  public static List<StackFrame> of(Inspection inspection, List<PythonFrame> frames) {
    List<StackFrame> stack = new ArrayList<>(frames.size());
    for (PythonFrame frame : frames) {
      boolean user = !UserFrames.isLibrary(frame.file());
      String source =
          inspection.source(frame.file(), frame.line()).map(SourceLine::text).orElse(null);
      stack.add(new StackFrame(frame, user, source));
    }
    return stack;
  }
}
