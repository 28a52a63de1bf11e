package dev.hangdoctor.accuracy.report;

import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy report as text: one table row per program and runtime (hangs, then controls), the
 * totals per class, per runtime and overall, then what was skipped and the corpus failures, each
 * with its reason. Plain ASCII, so it reads the same in a CI log.
 */
public final class ReportText {
  private ReportText() {}

  public static String render(AccuracyReport report) {
    StringBuilder out = new StringBuilder();
    header(report, out);
    int idWidth =
        Math.max(
            12,
            report.results().stream().mapToInt(r -> r.corpusCase().id().length()).max().orElse(0));
    boolean errors = report.results().stream().anyMatch(r -> r.count(Outcome.ERROR) > 0);
    hangTable(report, idWidth, errors, out);
    controlTable(report, idWidth, out);
    totals(report, out);
    skipped(report, out);
    restarted(report, out);
    failures(report, out);
    return out.toString();
  }

  private static void header(AccuracyReport report, StringBuilder out) {
    out.append("hangdoctor accuracy: ")
        .append(report.windows())
        .append(report.windows() == 1 ? " window" : " windows")
        .append(" per program and runtime, ")
        .append(report.measured())
        .append('\n');
    out.append("runtimes:");
    for (RuntimeUnderTest runtime : report.runtimes()) {
      out.append("\n  ").append(pad(runtime.label(), 7)).append(runtime.description());
    }
    out.append('\n');
    for (String note : report.notes()) {
      out.append("  (").append(note).append(")\n");
    }
    out.append(
        String.format(
            Locale.ROOT,
            "took %s, %d program(s) at a time%n",
            minutes(report.elapsed().toSeconds()),
            report.parallel()));
  }

  private static void hangTable(
      AccuracyReport report, int idWidth, boolean errors, StringBuilder out) {
    List<CaseResult> hangs = report.hangs();
    out.append('\n');
    if (hangs.isEmpty()) {
      out.append("HANG PROGRAMS: none measured\n");
      return;
    }
    int w = report.windows();
    int frac = Math.max(5, 2 * Integer.toString(w).length() + 1);
    out.append(pad("HANG PROGRAM", idWidth))
        .append("  ")
        .append(pad("RUNTIME", 7))
        .append("  ")
        .append(pad("CLASS", 19))
        .append("  ")
        .append(left("HITS", frac))
        .append("  PARTIAL  MISS")
        .append(errors ? "  ERR" : "")
        .append("  ")
        .append(left("CALL", frac))
        .append("  ")
        .append(left("EXPL", frac))
        .append("  RECOGNISED  LED INSTEAD\n");
    for (CaseResult r : hangs) {
      CorpusCase c = r.corpusCase();
      int n = r.windows().size();
      out.append(pad(c.id(), idWidth))
          .append("  ")
          .append(pad(r.runtime().label(), 7))
          .append("  ")
          .append(pad(c.caseClass(), 19))
          .append("  ")
          .append(left(r.count(Outcome.HIT) + "/" + n, frac))
          .append("  ")
          .append(left(Long.toString(r.count(Outcome.PARTIAL)), 7))
          .append("  ")
          .append(left(Long.toString(r.count(Outcome.MISS)), 4))
          .append(errors ? "  " + left(Long.toString(r.count(Outcome.ERROR)), 3) : "")
          .append("  ")
          .append(left(c.truth().call().isPresent() ? r.callNamed() + "/" + n : "-", frac))
          .append("  ")
          .append(left(c.truth().explanation().isEmpty() ? "-" : r.explained() + "/" + n, frac))
          .append("  ")
          .append(pad(r.recognised() ? "yes" : "no", 10))
          .append("  ")
          .append(instead(r))
          .append('\n');
    }
  }

  private static String instead(CaseResult r) {
    if (r.recognised() && r.count(Outcome.HIT) == r.windows().size()) {
      return "";
    }
    String lead = r.mostSeenInstead().orElse("");
    String detail = r.mostSeenDetail().orElse("");
    if (detail.isEmpty()) {
      return lead;
    }
    return lead.isEmpty() ? detail : lead + ": " + detail;
  }

  private static void controlTable(AccuracyReport report, int idWidth, StringBuilder out) {
    List<CaseResult> controls = report.controls();
    out.append('\n');
    if (controls.isEmpty()) {
      out.append("CONTROLS: none measured\n");
      return;
    }
    out.append(pad("CONTROL", idWidth))
        .append("  ")
        .append(pad("RUNTIME", 7))
        .append("  ")
        .append(pad("CLASS", 19))
        .append("  FALSE ALARMS  CLEAN  RAISED\n");
    for (CaseResult r : controls) {
      int n = r.windows().size();
      long alarms = r.count(Outcome.FALSE_ALARM);
      long errors = r.count(Outcome.ERROR);
      out.append(pad(r.corpusCase().id(), idWidth))
          .append("  ")
          .append(pad(r.runtime().label(), 7))
          .append("  ")
          .append(pad(r.corpusCase().caseClass(), 19))
          .append("  ")
          .append(pad(alarms + "/" + n + (errors > 0 ? " (" + errors + " err)" : ""), 12))
          .append("  ")
          .append(pad(r.clean() ? "yes" : "no", 5))
          .append("  ")
          .append(alarms + errors > 0 ? r.mostSeenDetail().orElse("") : "")
          .append('\n');
    }
  }

  private static void totals(AccuracyReport report, StringBuilder out) {
    out.append("\nBY CLASS\n");
    for (Map.Entry<String, Totals> e : Totals.byClass(report.results()).entrySet()) {
      out.append("  ").append(pad(e.getKey(), 20)).append(summary(e.getValue())).append('\n');
    }
    out.append("\nBY RUNTIME\n");
    for (Map.Entry<String, Totals> e : Totals.byRuntime(report.results()).entrySet()) {
      out.append("  ").append(pad(e.getKey(), 8)).append(summary(e.getValue())).append('\n');
    }
    Totals all = Totals.of(report.results());
    out.append("\nOVERALL\n  ").append(summary(all)).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  on every runtime they ran on: %d of %d hang programs recognised, %d of %d controls"
                + " clean%n",
            all.programsRecognisedEverywhere(),
            all.hangPrograms(),
            all.controlsCleanEverywhere(),
            all.controlPrograms()));
  }

  /** "recognised N of M hang programs, clean K of L controls", leaving out an empty half. */
  public static String summary(Totals t) {
    String hangs =
        t.hangRuns() == 0
            ? ""
            : "recognised " + t.recognisedRuns() + " of " + t.hangRuns() + " hang programs";
    String controls =
        t.controlRuns() == 0
            ? ""
            : "clean " + t.cleanRuns() + " of " + t.controlRuns() + " controls";
    return hangs.isEmpty() ? controls : controls.isEmpty() ? hangs : hangs + ", " + controls;
  }

  private static void skipped(AccuracyReport report, StringBuilder out) {
    List<CaseResult> skipped = report.skipped();
    if (skipped.isEmpty()) {
      return;
    }
    out.append("\nSKIPPED (").append(skipped.size()).append(")\n");
    caseLines(skipped, out);
  }

  private static void restarted(AccuracyReport report, StringBuilder out) {
    List<CaseResult> restarted = report.restarted();
    if (restarted.isEmpty()) {
      return;
    }
    out.append("\nSTARTED TWICE (")
        .append(restarted.size())
        .append("): programs measured after a first start that did not reach its state; a race in")
        .append(" the case to fix\n");
    caseLines(restarted, out);
  }

  private static void failures(AccuracyReport report, StringBuilder out) {
    List<CaseResult> failed = report.corpusFailures();
    if (failed.isEmpty() && report.invalidCases().isEmpty()) {
      return;
    }
    out.append("\nCORPUS FAILURES (")
        .append(failed.size() + report.invalidCases().size())
        .append(
            "): programs that did not reach their state; they count against the corpus, not"
                + " against hangdoctor\n");
    for (String invalid : report.invalidCases()) {
      out.append("  ").append(invalid).append('\n');
    }
    caseLines(failed, out);
  }

  /** One line per case: its id, the runtime and the reason. */
  private static void caseLines(List<CaseResult> results, StringBuilder out) {
    for (CaseResult r : results) {
      out.append("  ")
          .append(r.corpusCase().id())
          .append(" on ")
          .append(r.runtime().label())
          .append(": ")
          .append(r.reason())
          .append('\n');
    }
  }

  private static String minutes(long seconds) {
    return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String left(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
