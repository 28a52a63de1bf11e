package dev.hangdoctor.diagnosis.signatures;

import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Tool;
import dev.hangdoctor.testkit.Windows;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Live diagnoses for the signature tests, taken as a rate: after the fixture's readiness handshake,
 * {@link Windows#count()} independent windows, every one of which must give the verdict.
 */
final class Verdicts {
  private Verdicts() {}

  /**
   * Diagnoses {@code pid} in {@link Windows#count()} independent windows and checks each with
   * {@code check}; returns the diagnoses.
   */
  static List<Diagnosis> everyWindow(String what, long pid, Consumer<Diagnosis> check) {
    return Windows.all(what + " (pid " + pid + ")", () -> diagnose(pid), check);
  }

  /** One diagnosis of {@code pid}, with the window {@code hangdoctor diagnose} uses. */
  static Diagnosis diagnose(long pid) {
    try {
      return LiveDiagnoser.diagnose(pid);
    } catch (ProcReadException e) {
      throw new AssertionError("diagnosing " + pid + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted diagnosing " + pid, e);
    }
  }

  /** Every supported CPython (3.11 and later, with the GIL) on this machine; fails when none. */
  static Stream<PythonInterpreter> supportedCpythons() {
    return Tool.CPYTHON_3_11_PLUS
        .requireAny(
            Interpreters.cpythons().stream()
                .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
                .toList())
        .stream();
  }

  /** The CPython with FastAPI and uvicorn that {@code .ci/run} installs ({@link Tool}). */
  static PythonInterpreter fastapiPython() {
    return Tool.FASTAPI_UVICORN.require(Interpreters.pythonWith("fastapi", "uvicorn"));
  }
}
