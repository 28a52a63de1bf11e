package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hangdoctor ps} view: a process forest with elapsed time, state and wait channel, and a
 * mark on the processes worth inspecting ({@link ProcessMark}: a wait that never changed and is no
 * idle one, or a parent waiting on such a child). The command column is cut to the terminal's width
 * and whole in a pipe.
 */
public final class ProcessTreeRenderer {
  private static final String COLUMNS = "%-8s %-8s %-8s %-2s %-22s ";

  private final OutputStyle style;

  public ProcessTreeRenderer(OutputStyle style) {
    this.style = style;
  }

  public String render(List<ProcessNode> roots, List<ProcessMark> marks) {
    Map<Integer, ProcessMark> byPid = new HashMap<>();
    marks.forEach(mark -> byPid.put(mark.pid(), mark));
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, COLUMNS + "%s%n", "PID", "PPID", "ELAPSED", "ST", "WCHAN", "COMMAND"));
    for (ProcessNode root : roots) {
      render(out, root, "", "", byPid);
    }
    return out.toString();
  }

  private void render(
      StringBuilder out,
      ProcessNode node,
      String branch,
      String childIndent,
      Map<Integer, ProcessMark> marks) {
    ProcessMark mark = marks.get(node.pid());
    String note = mark == null ? "" : "   ◀ " + mark.detail();
    String columns =
        String.format(
            Locale.ROOT,
            COLUMNS,
            node.pid(),
            node.ppid(),
            Formats.duration(node.elapsedMillis()),
            node.state().code(),
            Formats.fit(node.wchan() == null ? "-" : node.wchan(), 22));
    String command =
        style.fit(node.commandLine(), columns.length() + branch.length() + note.length(), 16);
    out.append(columns).append(branch).append(command).append(note).append('\n');
    List<ProcessNode> children = node.children();
    for (int i = 0; i < children.size(); i++) {
      boolean lastChild = i == children.size() - 1;
      render(
          out,
          children.get(i),
          childIndent + (lastChild ? "└─ " : "├─ "),
          childIndent + (lastChild ? "   " : "│  "),
          marks);
    }
  }
}
