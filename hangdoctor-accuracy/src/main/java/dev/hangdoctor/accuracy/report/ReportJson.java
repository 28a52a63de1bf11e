package dev.hangdoctor.accuracy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.Outcome;
import dev.hangdoctor.accuracy.score.WindowScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy report as JSON ({@code bench/accuracy --json FILE}): the same rows, windows and
 * totals as the text, {@code "schemaVersion": 1}. Written to a temporary file and renamed, so it is
 * complete or absent.
 */
public final class ReportJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static ObjectNode of(AccuracyReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("measured", report.measured());
    root.put("windows", report.windows());
    root.put("parallel", report.parallel());
    root.put("started", report.started().toString());
    root.put("elapsedSeconds", report.elapsed().toMillis() / 1000.0);
    ArrayNode runtimes = root.putArray("runtimes");
    for (RuntimeUnderTest r : report.runtimes()) {
      runtimes
          .addObject()
          .put("label", r.label())
          .put("kind", r.kind().name().toLowerCase(Locale.ROOT))
          .put("description", r.description());
    }
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode results = root.putArray("results");
    for (CaseResult r : report.results()) {
      results.add(result(r));
    }
    ArrayNode invalid = root.putArray("invalidCases");
    report.invalidCases().forEach(invalid::add);
    ObjectNode totals = root.putObject("totals");
    totals.set("overall", totals(Totals.of(report.results())));
    ObjectNode byClass = totals.putObject("byClass");
    for (Map.Entry<String, Totals> e : Totals.byClass(report.results()).entrySet()) {
      byClass.set(e.getKey(), totals(e.getValue()));
    }
    ObjectNode byRuntime = totals.putObject("byRuntime");
    for (Map.Entry<String, Totals> e : Totals.byRuntime(report.results()).entrySet()) {
      byRuntime.set(e.getKey(), totals(e.getValue()));
    }
    return root;
  }

  /** Writes {@link #of} to {@code file} through a temporary file in the same folder. */
  public static void write(AccuracyReport report, Path file) throws IOException {
    AtomicFile.write(file, JSON.writeValueAsString(of(report)) + "\n");
  }

  private static ObjectNode result(CaseResult r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("case", r.corpusCase().id());
    node.put("kind", r.corpusCase().kind().name().toLowerCase(Locale.ROOT));
    node.put("class", r.corpusCase().caseClass());
    node.put("runtime", r.runtime().label());
    node.put("status", r.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (!r.reason().isEmpty()) {
      node.put("reason", r.reason());
    }
    if (r.status() != CaseResult.Status.MEASURED) {
      return node;
    }
    node.put("readyPid", r.readyPid());
    node.put("seconds", r.took().toMillis() / 1000.0);
    node.put("secondsToReady", r.toReady().toMillis() / 1000.0);
    if (r.corpusCase().isHang()) {
      node.put("hits", r.count(Outcome.HIT));
      node.put("partials", r.count(Outcome.PARTIAL));
      node.put("misses", r.count(Outcome.MISS));
      node.put("errors", r.count(Outcome.ERROR));
      node.put("callNamed", r.callNamed());
      node.put("explained", r.explained());
      node.put("recognised", r.recognised());
    } else {
      node.put("falseAlarms", r.count(Outcome.FALSE_ALARM));
      node.put("errors", r.count(Outcome.ERROR));
      node.put("clean", r.clean());
    }
    ArrayNode windows = node.putArray("windows");
    for (WindowScore w : r.windows()) {
      windows
          .addObject()
          .put("outcome", w.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .put("lead", w.lead())
          .put("detail", w.detail())
          .put("namesCall", w.namesCall())
          .put("explains", w.explains());
    }
    return node;
  }

  private static ObjectNode totals(Totals t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("hangRuns", t.hangRuns());
    node.put("recognised", t.recognisedRuns());
    node.put("controlRuns", t.controlRuns());
    node.put("clean", t.cleanRuns());
    node.put("hangPrograms", t.hangPrograms());
    node.put("programsRecognisedEverywhere", t.programsRecognisedEverywhere());
    node.put("controlPrograms", t.controlPrograms());
    node.put("controlsCleanEverywhere", t.controlsCleanEverywhere());
    return node;
  }
}
