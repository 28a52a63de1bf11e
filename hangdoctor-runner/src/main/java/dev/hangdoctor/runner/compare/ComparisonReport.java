package dev.hangdoctor.runner.compare;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.runner.AttemptResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comparison as the user reads it: the table per side (runs, passed, failed, hung, the bad rate
 * with its 95 % Wilson interval), the failure signatures seen on each side (the same on both means
 * pre-existing), the test and the conclusion line; as text, as JSON, and as a Markdown section with
 * a row for a stability tracker's results log ({@code diagnose --markdown}).
 */
public final class ComparisonReport {
  private final ComparisonResult result;
  private final Map<Side, String> labels;
  private final String command;

  /**
   * @param labels what each side is ("working tree", "HEAD 1a2b3c4 Add the cache")
   * @param command the command compared, as the user typed it (already redacted)
   */
  public ComparisonReport(ComparisonResult result, Map<Side, String> labels, String command) {
    this.result = result;
    this.labels = Map.copyOf(labels);
    this.command = command;
  }

  /** The table, the signatures, the test and the conclusion, one line each. */
  public List<String> text() {
    List<String> lines = new ArrayList<>();
    for (Side side : Side.values()) {
      lines.add(String.format(Locale.ROOT, "%-8s = %s", side.label(), labels.get(side)));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%-8s %5s %7s %7s %5s  %s",
            "SIDE",
            "RUNS",
            "PASSED",
            "FAILED",
            "HUNG",
            "FAILED OR HUNG (95% CI)"));
    for (Side side : Side.values()) {
      Tally tally = tally(side);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-8s %5d %7d %7d %5d  %s",
              side.label(),
              tally.runs(),
              tally.passed(),
              tally.failed(),
              tally.hung(),
              rateWithInterval(tally)));
    }
    for (Side side : Side.values()) {
      List<Map.Entry<String, Integer>> signatures = tally(side).signaturesByCount();
      if (signatures.isEmpty()) {
        lines.add(side.label() + ": no failure or hang");
      }
      for (Map.Entry<String, Integer> entry : signatures) {
        lines.add(
            side.label()
                + ": "
                + entry.getValue()
                + "x "
                + entry.getKey()
                + (tally(other(side)).signatures().containsKey(entry.getKey())
                    ? "  (seen on both sides)"
                    : ""));
      }
    }
    lines.add(
        "test: "
            + result.plan().describe()
            + String.format(Locale.ROOT, ": p = %s", Decision.p(result.decision().pValue())));
    if (result.interrupted()) {
      lines.add("interrupted: the decision covers the runs made before the interrupt");
    }
    lines.add("conclusion: " + result.decision().line());
    return lines;
  }

  /** The comparison as a JSON document. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("command", command);
    root.put("conclusion", result.decision().conclusion().label());
    root.put("summary", result.decision().line());
    root.put("test", "fisher-exact-two-sided");
    root.put("design", result.plan().describe());
    root.put("alpha", result.plan().alpha());
    root.put("alphaPerLook", result.plan().alphaPerLook());
    root.put("pValue", result.decision().pValue());
    result.decision().runsPerSideToDecide().ifPresent(n -> root.put("runsPerSideToDecide", n));
    root.put("interrupted", result.interrupted());
    Map<String, Object> sides = new LinkedHashMap<>();
    for (Side side : Side.values()) {
      Tally tally = tally(side);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("tree", labels.get(side));
      entry.put("runs", tally.runs());
      entry.put("passed", tally.passed());
      entry.put("failed", tally.failed());
      entry.put("hung", tally.hung());
      entry.put("badRate", tally.badRate());
      WilsonInterval interval = tally.badInterval();
      entry.put("badRate95", List.of(interval.low(), interval.high()));
      Map<String, Integer> signatures = new LinkedHashMap<>();
      tally.signaturesByCount().forEach(e -> signatures.put(e.getKey(), e.getValue()));
      entry.put("signatures", signatures);
      List<Map<String, Object>> runs = new ArrayList<>();
      for (AttemptResult run : result.runs(side)) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", run.number());
        r.put("outcome", run.outcome().label());
        r.put("exitStatus", run.exitStatus());
        r.put("seconds", run.duration().toMillis() / 1000.0);
        run.verdict().ifPresent(v -> r.put("verdict", v));
        run.reportDir().ifPresent(d -> r.put("evidence", d.toString()));
        runs.add(r);
      }
      entry.put("each", runs);
      sides.put(side.label(), entry);
    }
    root.put("sides", sides);
    return JsonRenderer.render(root);
  }

  /**
   * A Markdown section: the table, the conclusion, and a "Results log" row (date, command, verdict,
   * top finding) to paste under the tracker's log.
   */
  public String markdown(String date) {
    StringBuilder md = new StringBuilder();
    md.append("## Comparison: ").append(labels.get(Side.CURRENT)).append(" vs ");
    md.append(labels.get(Side.BASELINE)).append("\n\n");
    md.append("Command: `").append(command.replace("`", "'")).append("`\n\n");
    md.append("| side | tree | runs | passed | failed | hung | failed or hung (95% CI) |\n");
    md.append("|---|---|---:|---:|---:|---:|---|\n");
    for (Side side : Side.values()) {
      Tally tally = tally(side);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %d | %d | %s |%n",
              side.label(),
              cell(labels.get(side)),
              tally.runs(),
              tally.passed(),
              tally.failed(),
              tally.hung(),
              rateWithInterval(tally)));
    }
    md.append("\n");
    for (Side side : Side.values()) {
      for (Map.Entry<String, Integer> entry : tally(side).signaturesByCount()) {
        md.append("- ").append(side.label()).append(": ").append(entry.getValue()).append("× ");
        md.append(entry.getKey()).append("\n");
      }
    }
    md.append("\n**Conclusion**: ").append(result.decision().line()).append("\n\n");
    md.append("Test: ").append(result.plan().describe()).append(".\n\n");
    md.append("Results log row:\n\n");
    md.append("| date | command | verdict | top finding |\n|---|---|---|---|\n");
    md.append("| ")
        .append(date)
        .append(" | `")
        .append(cell(command).replace("`", "'"))
        .append("` | compare: ")
        .append(result.decision().conclusion().label())
        .append(" | ")
        .append(cell(topSignature()))
        .append(" |\n");
    return md.toString();
  }

  private String topSignature() {
    List<Map.Entry<String, Integer>> current = tally(Side.CURRENT).signaturesByCount();
    List<Map.Entry<String, Integer>> baseline = tally(Side.BASELINE).signaturesByCount();
    if (!current.isEmpty()) {
      return current.get(0).getKey();
    }
    return baseline.isEmpty() ? "none" : baseline.get(0).getKey() + " (baseline only)";
  }

  private Tally tally(Side side) {
    return side == Side.CURRENT ? result.decision().current() : result.decision().baseline();
  }

  private static String rateWithInterval(Tally tally) {
    WilsonInterval interval = tally.badInterval();
    return String.format(
        Locale.ROOT,
        "%3.0f%% (%.0f-%.0f%%)",
        100 * tally.badRate(),
        100 * interval.low(),
        100 * interval.high());
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replaceAll("\\s*\n\\s*", " ").strip();
  }

  private static Side other(Side side) {
    return side == Side.CURRENT ? Side.BASELINE : Side.CURRENT;
  }
}
