package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadSnapshot;

/**
 * The threads hangdoctor's own Python package starts in the process it watches: the pytest plugin's
 * watchdog, the exit guard and their helpers. While hangdoctor diagnoses that process they wait for
 * it (its helper process, a deadline), so they are never the hang; the rules never blame them. They
 * are named {@value #PREFIX}… ({@code hangdoctor_guard._selfdiagnosis.THREAD_PREFIX}).
 */
public final class HangdoctorThreads {
  /** The name prefix of hangdoctor's own threads, in {@code threading} and in the kernel. */
  public static final String PREFIX = "hangdoctor-";

  private HangdoctorThreads() {}

  /** True when thread {@code tid} of {@code inspection} is one of hangdoctor's own. */
  public static boolean isOwn(Inspection inspection, int tid) {
    for (ProcessSnapshot snapshot : inspection.samples()) {
      String python = Lookup.pythonThread(snapshot, tid).map(PythonThread::name).orElse(null);
      if (python != null) {
        return python.startsWith(PREFIX);
      }
      for (ThreadSnapshot thread : snapshot.threads()) {
        if (thread.tid() == tid && thread.name() != null && thread.name().startsWith(PREFIX)) {
          return true;
        }
      }
    }
    return false;
  }
}
