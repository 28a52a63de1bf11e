package dev.hangdoctor.probe;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.DiagnosisReports;
import dev.hangdoctor.diagnosis.report.Verdict;

/**
 * The human report of an incident's evidence: each diagnosed process headed by the URLs it serves,
 * its verdict through {@link DiagnosisReports#text}, then what could not be diagnosed and why. URLs
 * and notes go through the style's {@link Redactor} like the verdicts.
 */
public final class IncidentText {
  /** At most this many of the URLs a process serves head its diagnosis. */
  static final int MAX_URLS = 5;

  private IncidentText() {}

  /** The text report as a file holds it: redacted, lines whole. */
  public static String of(IncidentEvidence evidence) {
    return of(evidence, OutputStyle.PLAIN);
  }

  /** The text report of every diagnosed process, then the notes on what could not be. */
  public static String of(IncidentEvidence evidence, OutputStyle style) {
    Redactor redactor = style.redactor();
    StringBuilder out = new StringBuilder();
    for (ServerDiagnosis server : evidence.diagnoses()) {
      out.append("Diagnosis of PID ").append(server.pid());
      if (!server.urls().isEmpty()) {
        out.append(" (serving ");
        out.append(
            String.join(
                ", ",
                server.urls().stream()
                    .limit(MAX_URLS)
                    .map(url -> redactor.text(url.toString()))
                    .toList()));
        if (server.urls().size() > MAX_URLS) {
          out.append(" and ").append(server.urls().size() - MAX_URLS).append(" more URLs");
        }
        out.append(')');
      }
      out.append(
          switch (Verdict.of(server.diagnosis()).kind()) {
            case HANG, STOPPED -> ": hang found";
            case COULD_NOT_LOOK -> ": could not look";
            case NO_HANG -> ": no hang found";
          });
      out.append('\n').append(DiagnosisReports.text(server.diagnosis(), style));
    }
    for (String note : evidence.notes()) {
      out.append("Not diagnosed: ").append(redactor.text(note)).append('\n');
    }
    if (evidence.diagnoses().isEmpty() && evidence.notes().isEmpty()) {
      out.append("No process was diagnosed.\n");
    }
    return out.toString();
  }
}
