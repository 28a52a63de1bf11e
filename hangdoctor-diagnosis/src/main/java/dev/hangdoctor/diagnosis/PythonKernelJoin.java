package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins Python threads to the kernel's view of the same threads (by native thread id): a thread is
 * idle when the kernel has it asleep (blocked in a system call, or waiting for the GIL), and a
 * thread that {@code threading} does not name is {@code MainThread} when it is the process's main
 * thread (what {@code threading} would call it: a script that never imported {@code threading} has
 * one thread all the same) and takes the kernel's {@code comm} otherwise.
 */
public final class PythonKernelJoin {
  private PythonKernelJoin() {}

  public static PythonStacks join(ProcessSnapshot snapshot, PythonStacks stacks) {
    if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
      return stacks;
    }
    Map<Integer, ThreadSnapshot> kernelThreads = new HashMap<>();
    for (ThreadSnapshot thread : snapshot.threads()) {
      kernelThreads.put(thread.tid(), thread);
    }
    List<PythonThread> joined = new ArrayList<>(stacks.threads().size());
    for (PythonThread thread : stacks.threads()) {
      ThreadSnapshot kernel = kernelThreads.get(thread.nativeThreadId());
      PythonThread result = thread;
      if (kernel != null) {
        result = result.withIdle(!thread.holdsGil() && kernel.state().isWaiting());
        if (result.name() == null) {
          result =
              thread.nativeThreadId() == snapshot.process().pid()
                  ? result.withName("MainThread", PythonThread.NameSource.MAIN_THREAD)
                  : result.withName(kernel.name(), PythonThread.NameSource.COMM);
        }
      }
      joined.add(result);
    }
    return stacks.withThreads(joined);
  }
}
