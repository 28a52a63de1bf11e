package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.signatures.KnownSignatures;

/**
 * The forms a verdict is reported in, one entry point for every verb that reports one ({@code
 * diagnose}, {@code run}, {@code probe}, {@code watch}): human text, JSON (evidence plus findings,
 * {@code docs/report-schema.md}), and the Markdown stability tracker.
 */
public final class DiagnosisReports {
  private DiagnosisReports() {}

  /** The human report ({@link DiagnosisTextRenderer}). */
  public static String text(Diagnosis diagnosis) {
    return new DiagnosisTextRenderer().render(diagnosis);
  }

  /** The full report as JSON: the evidence of every process and the findings. */
  public static String json(Diagnosis diagnosis) {
    return JsonRenderer.render(diagnosis);
  }

  /**
   * The Markdown stability tracker for this verdict ({@link MarkdownTracker}), its ruled-out
   * hypotheses being the known signatures. {@code reproduction} is the command that shows the hang;
   * {@code existing} is the tracker's current text (or {@code null} for a new one), whose results
   * log this run's row is appended to.
   */
  public static String markdownTracker(Diagnosis diagnosis, String reproduction, String existing) {
    return markdownTracker(diagnosis, reproduction, existing, KnownSignatures.engine());
  }

  /** As above, the ruled-out hypotheses being the signatures of {@code engine}. */
  public static String markdownTracker(
      Diagnosis diagnosis, String reproduction, String existing, RuleEngine engine) {
    return new MarkdownTracker(engine).render(diagnosis, reproduction, existing);
  }
}
