package dev.hangdoctor.diagnosis.signatures;

import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Live diagnoses for the signature tests: retried until the hang has held a whole window. */
final class Verdicts {
  /** How long a target may take to reach, and hold, its stuck state for a whole window. */
  static final Duration SETTLE = Duration.ofSeconds(20);

  private Verdicts() {}

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

  /**
   * The first diagnosis of {@code pid} whose top finding comes from {@code ruleId}, within {@link
   * #SETTLE}.
   */
  static Diagnosis awaitTopFinding(long pid, String ruleId) {
    return Await.value(
        "a diagnosis of " + pid + " led by " + ruleId,
        SETTLE,
        () -> {
          Diagnosis diagnosis = diagnose(pid);
          List<Finding> findings = diagnosis.findings();
          return findings.isEmpty() || !findings.get(0).ruleId().equals(ruleId)
              ? Optional.empty()
              : Optional.of(diagnosis);
        });
  }

  /** Every supported CPython (3.11 and later, with the GIL) on this machine ({@link Tool}). */
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
