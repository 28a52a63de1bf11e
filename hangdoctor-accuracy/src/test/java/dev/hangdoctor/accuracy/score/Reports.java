package dev.hangdoctor.accuracy.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Small diagnosis reports in the shape of {@code hangdoctor diagnose --json} (docs/report-
 * schema.md), with only the fields the scorer reads.
 */
final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Reports() {}

  /** A process: its pid, command line, one sample whose Python threads are {@code stacks}. */
  static ObjectNode process(int pid, String cmdline, ObjectNode... stacks) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 1);
    ObjectNode inspection = root.putObject("inspection");
    inspection.put("pid", pid);
    ObjectNode sample = inspection.putArray("samples").addObject();
    ArrayNode words = sample.putObject("process").putArray("cmdline");
    for (String word : cmdline.split(" ")) {
      words.add(word);
    }
    ArrayNode threads = sample.putObject("python").putArray("threads");
    for (ObjectNode stack : stacks) {
      threads.add(stack);
    }
    root.putArray("findings");
    root.putArray("healthyReasons");
    root.putArray("children");
    return root;
  }

  /** A Python thread's stack in a sample. */
  static ObjectNode stack(int tid, ObjectNode... frames) {
    ObjectNode thread = JSON.createObjectNode();
    thread.put("nativeThreadId", tid);
    ArrayNode list = thread.putArray("frames");
    for (ObjectNode frame : frames) {
      list.add(frame);
    }
    return thread;
  }

  static ObjectNode frame(String file, String qualifiedName, int line) {
    ObjectNode frame = JSON.createObjectNode();
    String function = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    frame.put("function", function);
    frame.put("qualifiedName", qualifiedName);
    frame.put("file", file);
    frame.put("line", line);
    frame.put("owner", "THREAD");
    return frame;
  }

  /** Adds a finding to {@code process} and returns the process. */
  static ObjectNode finding(
      ObjectNode process,
      String ruleId,
      String confidence,
      int tid,
      String threadName,
      List<ObjectNode> keyFrames,
      String evidence,
      String explanation,
      String fix) {
    ObjectNode finding = ((ArrayNode) process.get("findings")).addObject();
    finding.put("ruleId", ruleId);
    finding.put("kind", ruleId.replace('-', ' '));
    finding.put("confidence", confidence);
    finding.put("tid", tid);
    if (threadName == null) {
      finding.putNull("threadName");
    } else {
      finding.put("threadName", threadName);
    }
    ArrayNode frames = finding.putArray("keyFrames");
    keyFrames.forEach(frames::add);
    finding.putArray("evidence").add(evidence);
    finding.put("explanation", explanation);
    finding.put("fix", fix);
    return process;
  }

  /** Adds {@code child} under {@code parent} and returns the parent. */
  static ObjectNode child(ObjectNode parent, ObjectNode child) {
    ((ArrayNode) parent.get("children")).add(child);
    return parent;
  }
}
