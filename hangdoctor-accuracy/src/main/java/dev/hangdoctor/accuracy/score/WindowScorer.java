package dev.hangdoctor.accuracy.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.corpus.Truth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scores one window, the JSON of one {@code hangdoctor diagnose PID --json}, against a case's
 * truth, exactly as {@code corpus/README.md} says:
 *
 * <ul>
 *   <li>hit: the leading finding has a right verdict id, is in the right process, on an acceptable
 *       thread, and every expected {@code file:function} is among its frames (its key frames and
 *       the Python stack of its thread in the window's samples);
 *   <li>partial: a finding with a right verdict id exists, but it does not lead or misses one of
 *       the above;
 *   <li>miss: no finding with a right verdict id;
 *   <li>false alarm (controls): any finding of MEDIUM or HIGH confidence anywhere in the tree.
 * </ul>
 *
 * "Names the call" is the expected call text in the scored finding's kind, evidence, explanation or
 * fix (not its frames, where a library function of that name would give it away); "explains" is
 * every expected word in its explanation or fix, ignoring case. A pure function of its inputs.
 */
public final class WindowScorer {
  private WindowScorer() {}

  /** Scores {@code diagnosis}, the report on {@code readyPid}, the process the case announced. */
  public static WindowScore score(CorpusCase corpusCase, long readyPid, JsonNode diagnosis) {
    Optional<LeadingFinding> lead = LeadingFinding.of(diagnosis);
    String leadLabel = lead.map(l -> label(l, readyPid)).orElse("no hang found");
    return corpusCase.isHang()
        ? scoreHang(corpusCase.truth(), readyPid, diagnosis, lead, leadLabel)
        : scoreControl(diagnosis, leadLabel);
  }

  private static WindowScore scoreControl(JsonNode diagnosis, String leadLabel) {
    List<String> alarms = new ArrayList<>();
    List<String> low = new ArrayList<>();
    for (JsonNode process : LeadingFinding.processes(diagnosis)) {
      for (JsonNode finding : process.path("findings")) {
        String confidence = finding.path("confidence").asText();
        String what = describe(process, finding);
        if (confidence.equals("HIGH") || confidence.equals("MEDIUM")) {
          alarms.add(what);
        } else {
          low.add(what);
        }
      }
    }
    if (!alarms.isEmpty()) {
      return new WindowScore(
          Outcome.FALSE_ALARM, leadLabel, String.join("; ", alarms), false, false);
    }
    String detail = low.isEmpty() ? "" : "LOW only: " + String.join("; ", low);
    return new WindowScore(Outcome.CLEAN, leadLabel, detail, false, false);
  }

  private static WindowScore scoreHang(
      Truth truth,
      long readyPid,
      JsonNode diagnosis,
      Optional<LeadingFinding> lead,
      String leadLabel) {
    if (lead.isPresent()) {
      List<String> problems = problems(truth, readyPid, lead.get());
      if (problems.isEmpty()) {
        return scored(Outcome.HIT, leadLabel, "", truth, lead.get().finding());
      }
      if (truth.verdicts().contains(ruleId(lead.get().finding()))) {
        return scored(
            Outcome.PARTIAL, leadLabel, String.join("; ", problems), truth, lead.get().finding());
      }
    }
    for (JsonNode process : LeadingFinding.processes(diagnosis)) {
      for (JsonNode finding : process.path("findings")) {
        if (truth.verdicts().contains(ruleId(finding))) {
          List<String> problems = new ArrayList<>();
          problems.add("not leading (" + leadLabel + " leads)");
          problems.addAll(problems(truth, readyPid, new LeadingFinding(process, finding)));
          return scored(Outcome.PARTIAL, leadLabel, String.join("; ", problems), truth, finding);
        }
      }
    }
    return new WindowScore(Outcome.MISS, leadLabel, "", false, false);
  }

  private static WindowScore scored(
      Outcome outcome, String lead, String detail, Truth truth, JsonNode finding) {
    return new WindowScore(
        outcome, lead, detail, namesCall(truth, finding), explains(truth, finding));
  }

  /** Why {@code candidate} is not a hit; empty when it is one. */
  static List<String> problems(Truth truth, long readyPid, LeadingFinding candidate) {
    List<String> problems = new ArrayList<>();
    JsonNode finding = candidate.finding();
    JsonNode process = candidate.process();
    String rule = ruleId(finding);
    if (!truth.verdicts().contains(rule)) {
      problems.add(rule + " is not " + String.join(" or ", truth.verdicts()));
    }
    long pid = pid(process);
    if (truth.processCmdline().isPresent()) {
      String cmdline = cmdline(process);
      if (!cmdline.contains(truth.processCmdline().get())) {
        problems.add(
            "in PID "
                + pid
                + " ("
                + cmdline
                + "), not the process running "
                + truth.processCmdline().get());
      }
    } else if (pid != readyPid) {
      problems.add("in PID " + pid + " (" + cmdline(process) + "), not PID " + readyPid);
    }
    if (!truth.threads().isEmpty()) {
      String thread =
          finding.path("threadName").isTextual() ? finding.path("threadName").asText() : null;
      if (thread == null || truth.threads().stream().noneMatch(t -> threadMatches(t, thread))) {
        problems.add(
            "on thread "
                + (thread == null ? "(process-wide)" : "\"" + thread + "\"")
                + ", not "
                + String.join(" or ", truth.threads()));
      }
    }
    List<JsonNode> frames = frames(process, finding);
    List<String> missing =
        truth.frames().stream()
            .filter(f -> frames.stream().noneMatch(fr -> frameMatches(f, fr)))
            .toList();
    if (!missing.isEmpty()) {
      problems.add("lacks frames " + String.join(", ", missing));
    }
    return problems;
  }

  static boolean threadMatches(String expected, String name) {
    return expected.startsWith("re:")
        ? Pattern.compile(expected.substring(3)).matcher(name).matches()
        : expected.equals(name);
  }

  /** {@code file:function}: the frame's file base name, and its function or qualified name. */
  static boolean frameMatches(String expected, JsonNode frame) {
    int colon = expected.indexOf(':');
    String file = expected.substring(0, colon);
    String function = expected.substring(colon + 1);
    String path = frame.path("file").asText("");
    String base = path.substring(path.lastIndexOf('/') + 1);
    return base.equals(file)
        && (function.equals(frame.path("function").asText())
            || function.equals(frame.path("qualifiedName").asText()));
  }

  /**
   * The finding's key frames, then the frames of its thread in every sample of the window (its
   * whole stack), when it names a thread.
   */
  static List<JsonNode> frames(JsonNode process, JsonNode finding) {
    List<JsonNode> frames = new ArrayList<>();
    finding.path("keyFrames").forEach(frames::add);
    long tid = finding.path("tid").asLong();
    if (tid == 0) {
      return frames;
    }
    for (JsonNode sample : process.path("inspection").path("samples")) {
      for (JsonNode thread : sample.path("python").path("threads")) {
        if (thread.path("nativeThreadId").asLong() == tid) {
          thread.path("frames").forEach(frames::add);
        }
      }
    }
    return frames;
  }

  static boolean namesCall(Truth truth, JsonNode finding) {
    if (truth.call().isEmpty()) {
      return false;
    }
    StringBuilder text = new StringBuilder(finding.path("kind").asText(""));
    finding.path("evidence").forEach(line -> text.append('\n').append(line.asText()));
    text.append('\n').append(finding.path("explanation").asText(""));
    text.append('\n').append(finding.path("fix").asText(""));
    return text.toString().contains(truth.call().get());
  }

  static boolean explains(Truth truth, JsonNode finding) {
    if (truth.explanation().isEmpty()) {
      return false;
    }
    String text =
        (finding.path("explanation").asText("") + "\n" + finding.path("fix").asText(""))
            .toLowerCase(Locale.ROOT);
    return truth.explanation().stream().allMatch(w -> text.contains(w.toLowerCase(Locale.ROOT)));
  }

  private static String label(LeadingFinding lead, long readyPid) {
    long pid = pid(lead.process());
    return ruleId(lead.finding()) + (pid == readyPid ? "" : " in PID " + pid);
  }

  private static String describe(JsonNode process, JsonNode finding) {
    String thread =
        finding.path("threadName").isTextual()
            ? " on \"" + finding.path("threadName").asText() + "\""
            : "";
    String at =
        finding.path("keyFrames").isEmpty()
            ? ""
            : " at " + shortFrame(finding.path("keyFrames").get(0));
    return ruleId(finding)
        + " "
        + finding.path("confidence").asText()
        + " in PID "
        + pid(process)
        + thread
        + at;
  }

  private static String shortFrame(JsonNode frame) {
    String path = frame.path("file").asText("");
    return path.substring(path.lastIndexOf('/') + 1)
        + ":"
        + frame.path("line").asInt()
        + " ("
        + frame.path("qualifiedName").asText()
        + ")";
  }

  private static String ruleId(JsonNode finding) {
    return finding.path("ruleId").asText("?");
  }

  private static long pid(JsonNode process) {
    return process.path("inspection").path("pid").asLong();
  }

  /** The process's command line in the last sample of the window. */
  static String cmdline(JsonNode process) {
    JsonNode samples = process.path("inspection").path("samples");
    for (int i = samples.size() - 1; i >= 0; i--) {
      JsonNode cmdline = samples.get(i).path("process").path("cmdline");
      if (cmdline.isArray() && !cmdline.isEmpty()) {
        List<String> words = new ArrayList<>();
        cmdline.forEach(w -> words.add(w.asText()));
        return words.stream().collect(Collectors.joining(" "));
      }
    }
    return process.path("inspection").path("tree").path("cmdline").asText("");
  }
}
