package dev.hangdoctor.cli;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.PythonSource;
import dev.hangdoctor.linux.fs.ProcFs;

/** The Python source of a real run: stacks read from the live process's memory. */
final class LivePython {
  private LivePython() {}

  static PythonSource source(ProcFs procFs) {
    return new PythonStackReader(procFs)::read;
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
