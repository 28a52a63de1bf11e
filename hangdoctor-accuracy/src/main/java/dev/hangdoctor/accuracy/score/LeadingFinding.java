package dev.hangdoctor.accuracy.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The finding a diagnosis report's first line names, found in its JSON ({@code docs/report-
 * schema.md}): the report's {@code headline} names the process, rule and thread. A report without
 * one (a build from before the headline was written into the JSON) is read the way those builds
 * chose their first line: the first finding of the deepest process with findings along the chain of
 * processes that have any.
 *
 * @param process the diagnosis node of the root-cause process
 * @param finding its first finding
 */
public record LeadingFinding(JsonNode process, JsonNode finding) {

  /** The leading finding of the diagnosis {@code root}, or empty when it found no hang. */
  public static Optional<LeadingFinding> of(JsonNode root) {
    JsonNode headline = root.path("headline");
    if (headline.isObject()) {
      return fromHeadline(root, headline);
    }
    List<JsonNode> chain = deepestWithFindings(root);
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    JsonNode process = chain.get(chain.size() - 1);
    return Optional.of(new LeadingFinding(process, process.path("findings").get(0)));
  }

  private static Optional<LeadingFinding> fromHeadline(JsonNode root, JsonNode headline) {
    if (!"HANG".equals(headline.path("kind").asText())) {
      return Optional.empty();
    }
    int pid = headline.path("pid").asInt();
    String ruleId = headline.path("ruleId").asText();
    int tid = headline.path("tid").asInt();
    for (JsonNode process : processes(root)) {
      if (process.at("/inspection/pid").asInt() != pid) {
        continue;
      }
      JsonNode findings = process.path("findings");
      for (JsonNode finding : findings) {
        if (finding.path("ruleId").asText().equals(ruleId) && finding.path("tid").asInt() == tid) {
          return Optional.of(new LeadingFinding(process, finding));
        }
      }
      if (!findings.isEmpty()) {
        return Optional.of(new LeadingFinding(process, findings.get(0)));
      }
    }
    return Optional.empty();
  }

  /** Every process of the diagnosis tree, parents before their children. */
  public static List<JsonNode> processes(JsonNode root) {
    List<JsonNode> all = new ArrayList<>();
    all.add(root);
    for (JsonNode child : root.path("children")) {
      all.addAll(processes(child));
    }
    return all;
  }

  private static List<JsonNode> deepestWithFindings(JsonNode process) {
    List<JsonNode> best = List.of();
    for (JsonNode child : process.path("children")) {
      List<JsonNode> below = deepestWithFindings(child);
      if (below.size() > best.size()) {
        best = below;
      }
    }
    if (best.isEmpty() && process.path("findings").isEmpty()) {
      return List.of();
    }
    List<JsonNode> chain = new ArrayList<>();
    chain.add(process);
    chain.addAll(best);
    return chain;
  }
}
