package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.redact.EvidenceRedactor;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.signatures.KnownSignatures;

/**
 * The forms a verdict is reported in, one entry point for every verb that reports one ({@code
 * diagnose}, {@code run}, {@code probe}, {@code watch}): human text, JSON (evidence plus findings,
 * {@code docs/report-schema.md}), and the Markdown stability tracker. Every form goes through the
 * style's {@link Redactor} here, whatever the evidence went through before, so no report path can
 * forget it; the forms without a style are those of a file: redacted, not wrapped, no colour.
 */
public final class DiagnosisReports {
  private DiagnosisReports() {}

  /** The human report ({@link DiagnosisTextRenderer}) as a file holds it. */
  public static String text(Diagnosis diagnosis) {
    return text(diagnosis, OutputStyle.PLAIN);
  }

  /** The human report laid out in {@code style}. */
  public static String text(Diagnosis diagnosis, OutputStyle style) {
    return new DiagnosisTextRenderer(style)
        .render(new EvidenceRedactor(style.redactor()).diagnosis(diagnosis));
  }

  /** The full report as JSON: the evidence of every process and the findings, redacted. */
  public static String json(Diagnosis diagnosis) {
    return json(diagnosis, Redactor.DEFAULT);
  }

  /**
   * The full report as JSON through {@code redactor}, with the {@code headline} the text report's
   * first line states.
   */
  public static String json(Diagnosis diagnosis, Redactor redactor) {
    Diagnosis reported = diagnosis.withHeadline(Verdict.of(diagnosis).headline());
    return JsonRenderer.render(new EvidenceRedactor(redactor).diagnosis(reported));
  }

  /**
   * The Markdown stability tracker for this verdict ({@link MarkdownTracker}), its ruled-out
   * hypotheses being the known signatures. {@code reproduction} is the command that shows the hang;
   * {@code existing} is the tracker's current text (or {@code null} for a new one), whose results
   * log this run's row is appended to.
   */
  public static String markdownTracker(Diagnosis diagnosis, String reproduction, String existing) {
    return markdownTracker(
        diagnosis, reproduction, existing, KnownSignatures.engine(), Redactor.DEFAULT);
  }

  /** As above, through {@code redactor} (the reproduction command too). */
  public static String markdownTracker(
      Diagnosis diagnosis, String reproduction, String existing, Redactor redactor) {
    return markdownTracker(diagnosis, reproduction, existing, KnownSignatures.engine(), redactor);
  }

  /** As above, the ruled-out hypotheses being the signatures of {@code engine}. */
  public static String markdownTracker(
      Diagnosis diagnosis, String reproduction, String existing, RuleEngine engine) {
    return markdownTracker(diagnosis, reproduction, existing, engine, Redactor.DEFAULT);
  }

  /** As above, through {@code redactor} (the reproduction command too). */
  public static String markdownTracker(
      Diagnosis diagnosis,
      String reproduction,
      String existing,
      RuleEngine engine,
      Redactor redactor) {
    return new MarkdownTracker(engine)
        .render(
            new EvidenceRedactor(redactor).diagnosis(diagnosis),
            redactor.text(reproduction),
            existing);
  }
}
