package dev.hangdoctor.accuracy.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a {@code case.json} into a {@link CorpusCase}, checking it against {@code
 * corpus/README.md}: the id names the folder, the kind matches {@code hangs/} or {@code controls/},
 * a hang has at least one right verdict, every {@code re:} thread pattern compiles and every frame
 * is {@code file:function}. A pure function of the text and the folder's path.
 */
public final class CaseParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaseParser() {}

  /**
   * Parses {@code text}, the {@code case.json} of the folder {@code dir}.
   *
   * @throws CorpusException naming the file and what is wrong with it
   */
  public static CorpusCase parse(String text, Path dir) throws CorpusException {
    String where = dir.resolve("case.json").toString();
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CorpusException(where + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CorpusException(where + ": not a JSON object");
    }
    String id = text(root, "id", where);
    String folder = dir.getFileName().toString();
    if (!id.equals(folder)) {
      throw new CorpusException(where + ": id \"" + id + "\" is not the folder's name " + folder);
    }
    CaseKind kind = kind(text(root, "kind", where), where);
    String parent = dir.getParent() == null ? "" : dir.getParent().getFileName().toString();
    String expectedParent = kind == CaseKind.HANG ? "hangs" : "controls";
    if (!parent.equals(expectedParent)) {
      throw new CorpusException(
          where
              + ": kind "
              + kind.name().toLowerCase(Locale.ROOT)
              + " belongs under "
              + expectedParent
              + "/, not "
              + parent
              + "/");
    }
    String caseClass = text(root, "class", where);
    CaseRuntime runtime = runtime(text(root, "runtime", where), where);
    List<String> requires = strings(root.get("requires"), "requires", where);
    Map<String, String> skip = skip(root.get("skip"), where);
    boolean escapes = root.path("escapes").asBoolean(false);
    String source = root.path("source").path("url").asText("");
    Truth truth = kind == CaseKind.HANG ? truth(root.get("truth"), where) : Truth.none();
    return new CorpusCase(
        id, dir, kind, caseClass, runtime, requires, skip, escapes, source, truth);
  }

  private static Truth truth(JsonNode node, String where) throws CorpusException {
    if (node == null || !node.isObject()) {
      throw new CorpusException(where + ": a hang needs a \"truth\" object");
    }
    List<String> verdicts = strings(node.get("verdict"), "truth.verdict", where);
    if (verdicts.isEmpty()) {
      throw new CorpusException(where + ": truth.verdict names no verdict id");
    }
    Optional<String> process = Optional.empty();
    JsonNode processNode = node.get("process");
    if (processNode != null && !processNode.isNull()) {
      String cmdline = processNode.path("cmdline").asText("");
      if (cmdline.isEmpty()) {
        throw new CorpusException(where + ": truth.process needs a non-empty \"cmdline\"");
      }
      process = Optional.of(cmdline);
    }
    List<String> threads = strings(node.get("thread"), "truth.thread", where);
    for (String thread : threads) {
      if (thread.startsWith("re:")) {
        try {
          Pattern.compile(thread.substring(3));
        } catch (PatternSyntaxException e) {
          throw new CorpusException(
              where
                  + ": truth.thread "
                  + thread
                  + " is not a regular expression: "
                  + e.getDescription());
        }
      }
    }
    List<String> frames = strings(node.get("frames"), "truth.frames", where);
    for (String frame : frames) {
      int colon = frame.indexOf(':');
      if (colon <= 0 || colon == frame.length() - 1) {
        throw new CorpusException(
            where + ": truth.frames entry \"" + frame + "\" is not file:function");
      }
    }
    JsonNode callNode = node.get("call");
    Optional<String> call =
        callNode == null || callNode.isNull() || callNode.asText().isEmpty()
            ? Optional.empty()
            : Optional.of(callNode.asText());
    List<String> explanation = strings(node.get("explanation"), "truth.explanation", where);
    return new Truth(verdicts, process, threads, frames, call, explanation);
  }

  private static Map<String, String> skip(JsonNode node, String where) throws CorpusException {
    Map<String, String> skip = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return skip;
    }
    if (!node.isObject()) {
      throw new CorpusException(where + ": \"skip\" must map a runtime to a reason");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String reason = entry.getValue().asText("");
      if (reason.isBlank()) {
        throw new CorpusException(where + ": skip." + entry.getKey() + " gives no reason");
      }
      skip.put(entry.getKey(), reason);
    }
    return skip;
  }

  private static CaseKind kind(String value, String where) throws CorpusException {
    return switch (value) {
      case "hang" -> CaseKind.HANG;
      case "control" -> CaseKind.CONTROL;
      default ->
          throw new CorpusException(where + ": kind \"" + value + "\" is not hang or control");
    };
  }

  private static CaseRuntime runtime(String value, String where) throws CorpusException {
    return switch (value) {
      case "python" -> CaseRuntime.PYTHON;
      case "c" -> CaseRuntime.C;
      case "jvm" -> CaseRuntime.JVM;
      default ->
          throw new CorpusException(where + ": runtime \"" + value + "\" is not python, c or jvm");
    };
  }

  private static String text(JsonNode root, String field, String where) throws CorpusException {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new CorpusException(where + ": \"" + field + "\" is missing or not a string");
    }
    return node.asText();
  }

  private static List<String> strings(JsonNode node, String field, String where)
      throws CorpusException {
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isTextual()) {
      values.add(node.asText());
      return values;
    }
    if (!node.isArray()) {
      throw new CorpusException(where + ": \"" + field + "\" must be a list of strings");
    }
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new CorpusException(where + ": \"" + field + "\" must be a list of strings");
      }
      values.add(element.asText());
    }
    return values;
  }
}
