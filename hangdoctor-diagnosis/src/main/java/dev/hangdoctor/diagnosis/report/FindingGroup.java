package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Findings of one rule at the same code location in several threads (four pool workers blocked on
 * the same line), reported once with the other threads named: {@code first} in full, {@code others}
 * by thread.
 */
record FindingGroup(Finding first, List<Finding> others) {
  FindingGroup {
    others = List.copyOf(others);
  }

  /** {@code findings} grouped, in the order of each group's first finding. */
  static List<FindingGroup> of(List<Finding> findings) {
    Map<List<Object>, List<Finding>> groups = new LinkedHashMap<>();
    for (Finding finding : findings) {
      groups.computeIfAbsent(key(finding), k -> new ArrayList<>()).add(finding);
    }
    List<FindingGroup> result = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      result.add(new FindingGroup(group.get(0), group.subList(1, group.size())));
    }
    return result;
  }

  private static List<Object> key(Finding finding) {
    List<Object> key = new ArrayList<>();
    key.add(finding.ruleId());
    key.add(finding.confidence());
    if (finding.tid() == Finding.PROCESS_WIDE) {
      return key; // the same signature about the process: one entry, its cases listed
    }
    if (finding.keyFrames().isEmpty()) {
      key.add(finding.tid()); // nothing says two threads are at the same place
      return key;
    }
    for (PythonFrame frame : finding.keyFrames()) {
      key.add(Objects.toString(frame.file()) + ":" + frame.line());
    }
    return key;
  }
}
