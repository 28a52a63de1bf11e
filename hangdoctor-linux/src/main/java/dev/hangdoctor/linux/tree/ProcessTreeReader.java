package dev.hangdoctor.linux.tree;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.ClockTicks;
import dev.hangdoctor.linux.proc.CmdlineParser;
import dev.hangdoctor.linux.proc.StatLine;
import dev.hangdoctor.linux.proc.StatParser;
import dev.hangdoctor.linux.proc.Uptime;
import dev.hangdoctor.linux.proc.Wchan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Builds process trees from one scan of every {@code /proc/PID/stat}: the tree below one pid (what
 * {@code ps --forest} shows to find the wedged child), or the forest of one user's processes.
 */
public final class ProcessTreeReader {
  private final ProcFs procFs;

  public ProcessTreeReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** The process and all its descendants, or empty when it does not exist. */
  public Optional<ProcessNode> tree(int pid) throws ProcReadException {
    Map<Integer, Row> rows = scan();
    Row root = rows.get(pid);
    if (root == null) {
      return Optional.empty();
    }
    return Optional.of(build(root, childrenByParent(rows), pid2 -> true));
  }

  /**
   * Trees of the processes owned by {@code uid}: each root is a process of that user whose parent
   * is not, and below it only that user's processes.
   */
  public List<ProcessNode> forestOfUser(int uid) throws ProcReadException {
    Map<Integer, Row> rows = scan();
    Map<Integer, List<Row>> children = childrenByParent(rows);
    IntPredicate ours = pid -> rows.containsKey(pid) && rows.get(pid).uid() == uid;
    List<ProcessNode> roots = new ArrayList<>();
    for (Row row : rows.values()) {
      if (row.uid() == uid && !ours.test(row.stat().ppid()) && !row.stat().kernelThread()) {
        roots.add(build(row, children, ours));
      }
    }
    roots.sort(Comparator.comparingInt(ProcessNode::pid));
    return roots;
  }

  private ProcessNode build(Row row, Map<Integer, List<Row>> children, IntPredicate include) {
    List<ProcessNode> nodes = new ArrayList<>();
    for (Row child : children.getOrDefault(row.stat().pid(), List.of())) {
      if (include.test(child.stat().pid())) {
        nodes.add(build(child, children, include));
      }
    }
    nodes.sort(Comparator.comparingInt(ProcessNode::pid));
    StatLine stat = row.stat();
    return new ProcessNode(
        stat.pid(),
        stat.ppid(),
        stat.comm(),
        cmdline(stat.pid()),
        row.uid(),
        stat.state(),
        Wchan.readOrNull(procFs, procFs.pidDir(stat.pid())),
        Math.max(0, row.uptimeMillis() - ClockTicks.toMillis(stat.startTimeTicks())),
        new CpuTime(ClockTicks.toMillis(stat.userTicks()), ClockTicks.toMillis(stat.systemTicks())),
        nodes);
  }

  private Map<Integer, Row> scan() throws ProcReadException {
    long uptime = Uptime.read(procFs);
    Map<Integer, Row> rows = new HashMap<>();
    for (int pid : procFs.listNumbers(procFs.root())) {
      Path dir = procFs.pidDir(pid);
      try {
        StatLine stat = StatParser.parse(procFs.readText(dir.resolve("stat")));
        rows.put(pid, new Row(stat, ownerUid(dir), uptime));
      } catch (ProcReadException | IllegalArgumentException e) {
        // exited between the listing and the read: not part of the tree
      }
    }
    return rows;
  }

  private static Map<Integer, List<Row>> childrenByParent(Map<Integer, Row> rows) {
    Map<Integer, List<Row>> children = new HashMap<>();
    for (Row row : rows.values()) {
      children.computeIfAbsent(row.stat().ppid(), k -> new ArrayList<>()).add(row);
    }
    return children;
  }

  private List<String> cmdline(int pid) {
    try {
      return CmdlineParser.parse(procFs.readBytes(procFs.pidDir(pid).resolve("cmdline")));
    } catch (ProcReadException e) {
      return List.of();
    }
  }

  private static int ownerUid(Path dir) {
    try {
      return (Integer) Files.getAttribute(dir, "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  private record Row(StatLine stat, int uid, long uptimeMillis) {}
}
