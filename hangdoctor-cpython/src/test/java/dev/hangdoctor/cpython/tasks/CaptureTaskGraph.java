package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.ProcMemory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records the memory a task-graph read of a live process makes, for {@code TaskGraphCaptureTest}:
 * {@code CaptureTaskGraph PID OUTPUT}. Point it at {@code tasks_target.py} once it printed READY
 * (see that test's Javadoc for the command).
 */
final class CaptureTaskGraph {
  private CaptureTaskGraph() {}

  public static void main(String[] args) throws Exception {
    int pid = Integer.parseInt(args[0]);
    ProcFs procFs = ProcFs.system();
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      RuntimeLocation location =
          new InterpreterLocator(procFs).locate(pid, memory).location().orElseThrow();
      MemoryCapture.Recorder recorder = MemoryCapture.recording(memory, location);
      new TaskGraphReader(Path.of("/nonexistent")).read(pid, recorder, location);
      try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
        recorder.write(out);
      }
    }
  }
}
