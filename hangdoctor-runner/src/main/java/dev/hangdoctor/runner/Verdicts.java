package dev.hangdoctor.runner;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The one-line verdict of a hang for status lines and flake tables: the most confident finding. */
final class Verdicts {
  private Verdicts() {}

  /**
   * "blocking network read without a timeout at conftest.py:21 in stop_server (PID 4242)", or "no
   * known hang signature" when no rule matched anywhere.
   */
  static String top(List<Diagnosis> diagnoses) {
    Optional<Diagnosis> best =
        diagnoses.stream()
            .flatMap(d -> d.flatten().stream())
            .filter(d -> !d.findings().isEmpty())
            .min(Comparator.comparing(d -> d.findings().get(0).confidence()));
    if (best.isEmpty()) {
      return "no known hang signature";
    }
    Finding finding = best.get().findings().get(0);
    StringBuilder line = new StringBuilder(finding.kind());
    if (!finding.keyFrames().isEmpty()) {
      PythonFrame frame = finding.keyFrames().get(0);
      line.append(" at ")
          .append(fileName(frame.file()))
          .append(':')
          .append(frame.line())
          .append(" in ")
          .append(frame.function());
    }
    return line.append(" (PID ").append(best.get().pid()).append(')').toString();
  }

  private static String fileName(String file) {
    return file.substring(file.lastIndexOf('/') + 1);
  }
}
