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
}
