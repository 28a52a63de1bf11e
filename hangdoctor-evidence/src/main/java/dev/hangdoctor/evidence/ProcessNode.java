package dev.hangdoctor.evidence;

import java.util.List;

/** A process and its descendants, with what {@code ps} would show to find the stuck one. */
public record ProcessNode(
    int pid,
    int ppid,
    String name,
    List<String> cmdline,
    int uid,
    TaskState state,
    String wchan,
    long elapsedMillis,
    CpuTime cpu,
    List<ProcessNode> children) {
  public ProcessNode {
    cmdline = List.copyOf(cmdline);
    children = List.copyOf(children);
  }

  public String commandLine() {
    return cmdline.isEmpty() ? "[" + name + "]" : String.join(" ", cmdline);
  }

  /** Number of processes below this one. */
  public int descendantCount() {
    int count = 0;
    for (ProcessNode child : children) {
      count += 1 + child.descendantCount();
    }
    return count;
  }
}
