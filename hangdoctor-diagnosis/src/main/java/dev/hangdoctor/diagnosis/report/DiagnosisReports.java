package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;

/**
 * The forms a verdict is reported in, one entry point for every verb that reports one ({@code
 * diagnose}, {@code run}, {@code probe}, {@code watch}): human text, JSON (evidence plus findings,
 * {@code docs/report-schema.md}), and the Markdown stability tracker.
 */
public final class DiagnosisReports {
  private DiagnosisReports() {}

  /** The human report. */
  public static String text(Diagnosis diagnosis) {
    StringBuilder out = new StringBuilder();
    for (Diagnosis process : diagnosis.flatten()) {
      out.append("PID ").append(process.pid()).append('\n');
      for (Finding finding : process.findings()) {
        out.append("  ").append(finding.confidence()).append(' ').append(finding.kind());
        out.append(" — thread ").append(finding.threadName()).append('\n');
        for (PythonFrame frame : finding.keyFrames()) {
          out.append("    at ")
              .append(frame.qualifiedName())
              .append(" (")
              .append(frame.file())
              .append(':')
              .append(frame.line())
              .append(")\n");
        }
        out.append("    fix: ").append(finding.fix()).append('\n');
      }
      for (String reason : process.healthyReasons()) {
        out.append("  ").append(reason).append('\n');
      }
    }
    return out.toString();
  }

  /** The full report as JSON: the evidence of every process and the findings. */
  public static String json(Diagnosis diagnosis) {
    return JsonRenderer.render(diagnosis);
  }

  /**
   * The Markdown stability tracker for this verdict. {@code reproduction} is the command that shows
   * the hang; {@code existing} is the tracker's current text (or {@code null} for a new one), whose
   * results log this run's line is appended to.
   */
  public static String markdownTracker(Diagnosis diagnosis, String reproduction, String existing) {
    StringBuilder out = new StringBuilder(existing == null ? "# Stability tracker\n" : existing);
    out.append("\n- `")
        .append(reproduction)
        .append("`: ")
        .append(diagnosis.hangFound() ? "hang found" : "no hang found")
        .append('\n');
    return out.toString();
  }
}
