package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.ProcessNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code hangdoctor ps} view: a process forest with elapsed time, state and wait channel, where
 * descendants running longer than a threshold are marked, parents blocked waiting for a child say
 * so, and long-running descendants asleep in anything else are flagged as the ones to look at.
 */
public final class ProcessTreeRenderer {
  /**
   * Wait channel of a process blocked in {@code wait4}/{@code waitid} for a child (checked on 6.x).
   */
  private static final Set<String> CHILD_WAITS = Set.of("do_wait");

  private final long longAfterMillis;

  public ProcessTreeRenderer(long longAfterMillis) {
    this.longAfterMillis = longAfterMillis;
  }

  public String render(List<ProcessNode> roots) {
    StringBuilder out = new StringBuilder();
    line(out, "%-8s %-8s %-8s %-2s %-22s %s", "PID", "PPID", "ELAPSED", "ST", "WCHAN", "COMMAND");
    for (ProcessNode root : roots) {
      render(out, root, "", "", 0);
    }
    return out.toString();
  }

  /** Why a node deserves attention, or an empty string. */
  public String mark(ProcessNode node, int depth) {
    if (waitsForChild(node)) {
      return "waits for a child";
    }
    boolean longRunning = depth > 0 && node.elapsedMillis() >= longAfterMillis;
    if (!longRunning) {
      return "";
    }
    if (node.state().isWaiting() && node.wchan() != null) {
      return "◀ long-running, blocked in " + node.wchan();
    }
    return "◀ long-running";
  }

  public static boolean waitsForChild(ProcessNode node) {
    return node.wchan() != null && CHILD_WAITS.contains(node.wchan()) && !node.children().isEmpty();
  }

  private void render(
      StringBuilder out, ProcessNode node, String branch, String childIndent, int depth) {
    String mark = mark(node, depth);
    line(
        out,
        "%-8d %-8d %-8s %-2s %-22s %s%s%s",
        node.pid(),
        node.ppid(),
        Formats.duration(node.elapsedMillis()),
        node.state().code(),
        Formats.fit(node.wchan() == null ? "-" : node.wchan(), 22),
        branch,
        Formats.fit(node.commandLine(), 100),
        mark.isEmpty() ? "" : "   " + mark);
    List<ProcessNode> children = node.children();
    for (int i = 0; i < children.size(); i++) {
      boolean lastChild = i == children.size() - 1;
      render(
          out,
          children.get(i),
          childIndent + (lastChild ? "└─ " : "├─ "),
          childIndent + (lastChild ? "   " : "│  "),
          depth + 1);
    }
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
