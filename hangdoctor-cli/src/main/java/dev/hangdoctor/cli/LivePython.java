package dev.hangdoctor.cli;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.PythonSource;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;

/** The Python source of a real run: stacks read from the live process's memory. */
final class LivePython {
  private LivePython() {}

  /**
   * A source whose repeated looks ({@link PythonSource#readFrames}) read the frames alone, without
   * each thread's syscall, locks and task graph, which cost several times a walk.
   */
  static PythonSource source(ProcFs procFs) {
    PythonStackReader reader = new PythonStackReader(procFs);
    return new PythonSource() {
      @Override
      public PythonStacks read(int pid) {
        return reader.read(pid);
      }

      @Override
      public PythonStacks readFrames(int pid) {
        return reader.readFrames(pid);
      }

      @Override
      public RepeatedReads repeatedReads(int pid) {
        PythonStackReader.RepeatedReads reads = reader.repeatedReads(pid);
        return new RepeatedReads() {
          @Override
          public PythonStacks read() {
            return reads.read();
          }

          @Override
          public void close() {
            reads.close();
          }
        };
      }
    };
  }
}
