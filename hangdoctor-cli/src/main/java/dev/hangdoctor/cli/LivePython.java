package dev.hangdoctor.cli;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.PythonSource;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;

/** The Python source of a real run: stacks read from the live process's memory. */
final class LivePython {
  private LivePython() {}

  /**
   * A source whose looks between samples are full reads (the calls and locals they give tell a
   * spinning loop from a computing one), and whose dense reads ({@link PythonSource#repeatedReads})
   * walk the frames alone with the interpreter located once.
   */
  static PythonSource source(ProcFs procFs) {
    PythonStackReader reader = new PythonStackReader(procFs);
    return new PythonSource() {
      @Override
      public PythonStacks read(int pid) {
        return reader.read(pid);
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

  /**
   * A source that reads the stacks alone (frames, thread names, the GIL holder), not what each
   * thread is doing nor the asyncio task graph: for a text {@code dump}, which prints only those,
   * and which with a thousand threads spent most of its reads on the rest.
   */
  static PythonSource framesOnly(ProcFs procFs) {
    return new PythonStackReader(procFs)::readFrames;
  }
}
