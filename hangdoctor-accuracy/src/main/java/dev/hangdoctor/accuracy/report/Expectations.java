package dev.hangdoctor.accuracy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code corpus/expected.json}, written by {@code bench/accuracy --write-expected}: per runtime
 * label, the hang programs recognised in every window of the writing run, and the controls that
 * raised a false alarm in it. The corpus test fails when a listed program is no longer recognised
 * and when any other control raises a false alarm; a known false alarm stays in every log (and in
 * this committed file) until the rule is fixed and the file rewritten.
 *
 * @param recognised runtime label to the ids of hang programs, both sorted
 * @param falseAlarms runtime label to the ids of controls with a known false alarm, both sorted
 */
public record Expectations(
    Map<String, Set<String>> recognised, Map<String, Set<String>> falseAlarms) {
  static final String ABOUT =
      "Written by bench/accuracy --write-expected. \"recognised\": per runtime, the hang programs"
          + " hit in every window of the writing run; the corpus test of ./mvnw verify fails when"
          + " one of them is hit in none of its windows. \"falseAlarms\": per runtime, the"
          + " controls that raised a false alarm in it, known bugs of the rules; the test fails"
          + " when any other control raises one. Rewrite the file as the rules improve.";

  public Expectations {
    recognised = sorted(recognised);
    falseAlarms = sorted(falseAlarms);
  }

  public static Expectations none() {
    return new Expectations(Map.of(), Map.of());
  }

  /** Reads {@code file}; a missing file expects nothing. */
  public static Expectations read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return none();
    }
    JsonNode root = ReportJson.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    return new Expectations(
        lists(file, root, "recognised", true), lists(file, root, "falseAlarms", false));
  }

  /**
   * These expectations after {@code report}: a measured hang program enters its runtime's list when
   * every window was a hit and leaves it otherwise; a measured control enters the false alarms when
   * it was not clean and leaves them otherwise; what was not measured stays as it was.
   */
  public Expectations updatedWith(AccuracyReport report) {
    Map<String, Set<String>> hits = sorted(recognised);
    Map<String, Set<String>> alarms = sorted(falseAlarms);
    for (CaseResult r : report.hangs()) {
      update(hits, r, r.allHits());
    }
    for (CaseResult r : report.controls()) {
      update(alarms, r, !r.clean());
    }
    return new Expectations(hits, alarms);
  }

  /** True when hang program {@code id} on runtime {@code label} is expected to be recognised. */
  public boolean expects(String label, String id) {
    return recognised.getOrDefault(label, Set.of()).contains(id);
  }

  /** True when control {@code id} on runtime {@code label} is a known false alarm. */
  public boolean knownFalseAlarm(String label, String id) {
    return falseAlarms.getOrDefault(label, Set.of()).contains(id);
  }

  /** Writes the file through a temporary file and a rename. */
  public void write(Path file) throws IOException {
    ObjectNode root = ReportJson.JSON.createObjectNode();
    root.put("about", ABOUT);
    put(root.putObject("recognised"), recognised);
    put(root.putObject("falseAlarms"), falseAlarms);
    AtomicFile.write(file, ReportJson.JSON.writeValueAsString(root) + "\n");
  }

  private static void update(Map<String, Set<String>> lists, CaseResult r, boolean listed) {
    Set<String> ids = lists.computeIfAbsent(r.runtime().label(), k -> new TreeSet<>());
    if (listed) {
      ids.add(r.corpusCase().id());
    } else {
      ids.remove(r.corpusCase().id());
    }
    lists.values().removeIf(Set::isEmpty);
  }

  private static void put(ObjectNode into, Map<String, Set<String>> lists) {
    lists.forEach(
        (label, ids) -> {
          ArrayNode array = into.putArray(label);
          ids.forEach(array::add);
        });
  }

  private static Map<String, Set<String>> sorted(Map<String, Set<String>> lists) {
    Map<String, Set<String>> copy = new TreeMap<>();
    lists.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    return copy;
  }

  private static Map<String, Set<String>> lists(
      Path file, JsonNode root, String field, boolean required) throws IOException {
    JsonNode node = root.get(field);
    Map<String, Set<String>> lists = new TreeMap<>();
    if (node == null && !required) {
      return lists;
    }
    if (node == null || !node.isObject()) {
      throw new IOException(file + ": no \"" + field + "\" object");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      Set<String> ids = new TreeSet<>();
      for (JsonNode id : entry.getValue()) {
        if (!id.isTextual()) {
          throw new IOException(file + ": " + field + "." + entry.getKey() + " must list case ids");
        }
        ids.add(id.asText());
      }
      lists.put(entry.getKey(), ids);
    }
    return lists;
  }
}
