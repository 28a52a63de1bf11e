package dev.hangdoctor.rules.graph;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonCall;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.Locale;
import java.util.Optional;

/** What a thread is doing now, in the words a wait-for graph node carries. */
final class Activities {
  private Activities() {}

  /**
   * {@code runs at 97 % CPU in parse (app.py:40)}, {@code waits in recvfrom(5, …) in wait_woken on
   * TCP … in sock.recv at app.py:12 (fetch)}.
   */
  static String of(Inspection inspection, ThreadActivity thread) {
    Optional<PythonThread> python = Lookup.pythonThread(inspection.latest(), thread.tid());
    String where =
        python
            .flatMap(p -> UserFrames.innermostUserFrame(p.frames()))
            .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
            .orElse("");
    if (thread.kernelWait().isRunning() || thread.cpuPercent() >= 50) {
      return String.format(Locale.ROOT, "runs at %.0f %% CPU", thread.cpuPercent()) + where;
    }
    String call =
        python
            .map(PythonThread::call)
            .map(PythonCall::expression)
            .map(expression -> " in " + expression + "(…)")
            .orElse("");
    if (call.isEmpty()) {
      call =
          python
              .filter(p -> !p.frames().isEmpty())
              .map(p -> p.frames().get(0))
              .map(PythonFrame::call)
              .map(expression -> " in " + expression + "(…)")
              .orElse("");
    }
    return "waits in " + Lookup.waitAndSocket(inspection, thread) + call + where;
  }
}
