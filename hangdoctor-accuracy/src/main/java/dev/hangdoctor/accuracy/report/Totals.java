package dev.hangdoctor.accuracy.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts over measured results: hang programs recognised and controls clean, in all and grouped by
 * class or by runtime. A run is one program on one runtime.
 */
public record Totals(
    int hangRuns,
    int recognisedRuns,
    int controlRuns,
    int cleanRuns,
    int hangPrograms,
    int programsRecognisedEverywhere,
    int controlPrograms,
    int controlsCleanEverywhere) {

  /** Totals over {@code results}. */
  public static Totals of(List<CaseResult> results) {
    int hangRuns = 0;
    int recognised = 0;
    int controlRuns = 0;
    int clean = 0;
    Map<String, Boolean> hangEverywhere = new LinkedHashMap<>();
    Map<String, Boolean> controlEverywhere = new LinkedHashMap<>();
    for (CaseResult r : results) {
      if (r.status() != CaseResult.Status.MEASURED) {
        continue;
      }
      String id = r.corpusCase().id();
      if (r.corpusCase().isHang()) {
        hangRuns++;
        recognised += r.recognised() ? 1 : 0;
        hangEverywhere.merge(id, r.recognised(), Boolean::logicalAnd);
      } else {
        controlRuns++;
        clean += r.clean() ? 1 : 0;
        controlEverywhere.merge(id, r.clean(), Boolean::logicalAnd);
      }
    }
    return new Totals(
        hangRuns,
        recognised,
        controlRuns,
        clean,
        hangEverywhere.size(),
        (int) hangEverywhere.values().stream().filter(b -> b).count(),
        controlEverywhere.size(),
        (int) controlEverywhere.values().stream().filter(b -> b).count());
  }

  /** Totals per class, classes sorted by name. */
  public static Map<String, Totals> byClass(List<CaseResult> results) {
    return grouped(results, r -> r.corpusCase().caseClass(), new TreeMap<>());
  }

  /** Totals per runtime label, in the order the runtimes were run. */
  public static Map<String, Totals> byRuntime(List<CaseResult> results) {
    return grouped(results, r -> r.runtime().label(), new LinkedHashMap<>());
  }

  private static Map<String, Totals> grouped(
      List<CaseResult> results, Function<CaseResult, String> key, Map<String, Totals> into) {
    Map<String, List<CaseResult>> groups = new LinkedHashMap<>();
    for (CaseResult r : results) {
      if (r.status() == CaseResult.Status.MEASURED) {
        groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
      }
    }
    groups.forEach((k, v) -> into.put(k, of(v)));
    return into;
  }
}
