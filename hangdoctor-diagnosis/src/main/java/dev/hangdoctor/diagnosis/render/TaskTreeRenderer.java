package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text of {@code hangdoctor tasks}: the awaited-by tree of every loop's tasks (like {@code python
 * -m asyncio pstree}), each task with what it waits on and its await chain, the worker thread of an
 * executor job with that thread's own frame and kernel wait; then a flat table.
 */
public final class TaskTreeRenderer {
  private static final int MAX_DEPTH = 64;

  private final boolean unicode;
  private final String branch;
  private final String last;
  private final String pipe;

  /** {@code unicode} false draws the tree with ASCII only. */
  public TaskTreeRenderer(boolean unicode) {
    this.unicode = unicode;
    this.branch = unicode ? "├── " : "|-- ";
    this.last = unicode ? "└── " : "`-- ";
    this.pipe = unicode ? "│   " : "|   ";
  }

  /** The report of {@code tasks} for {@code snapshot} (which may be null: no thread evidence). */
  public String render(int pid, AsyncTasks tasks, ProcessSnapshot snapshot) {
    StringBuilder out = new StringBuilder();
    out.append(header(pid, tasks, snapshot)).append('\n');
    if (tasks.status() != AsyncTasks.Status.READ) {
      out.append("  no asyncio tasks: ").append(tasks.detail()).append('\n');
      return out.toString();
    }
    if (tasks.tasks().isEmpty()) {
      out.append("  no pending asyncio tasks\n");
      return out.toString();
    }
    Threads threads = new Threads(snapshot);
    for (AsyncTask task : tasks.tasks()) {
      threads.taskNames.put(task.address(), task.name());
      for (long parent : task.awaitedBy()) {
        threads.awaitedBy.computeIfAbsent(parent, key -> new ArrayList<>()).add(task);
      }
    }
    boolean trio = tasks.loops().stream().anyMatch(AsyncLoop::isTrio);
    out.append('\n')
        .append(
            trio
                ? "Await tree (a task's children are the tasks it awaits, or a trio task's nursery"
                    + " children):\n"
                : "Await tree (a task's children are the tasks it awaits):\n");
    Map<Long, AsyncTask> byAddress = new LinkedHashMap<>();
    tasks.tasks().forEach(task -> byAddress.put(task.address(), task));
    Set<Long> drawn = new HashSet<>();
    List<AsyncTask> roots = roots(tasks.tasks(), byAddress);
    for (int i = 0; i < roots.size(); i++) {
      drawTask(out, roots.get(i), "", i == roots.size() - 1, byAddress, drawn, threads, 0);
    }
    for (AsyncTask task : tasks.tasks()) {
      if (!drawn.contains(task.address())) {
        drawTask(out, task, "", true, byAddress, drawn, threads, 0);
      }
    }
    out.append('\n').append(table(tasks, threads));
    return out.toString();
  }

  private String header(int pid, AsyncTasks tasks, ProcessSnapshot snapshot) {
    StringBuilder header = new StringBuilder("PID ").append(pid);
    if (snapshot != null && snapshot.python() != null && snapshot.python().version() != null) {
      header.append("  CPython ").append(snapshot.python().version());
    }
    if (tasks.status() == AsyncTasks.Status.READ) {
      header
          .append("  ")
          .append(count(tasks.tasks().size(), "task"))
          .append(" on ")
          .append(loops(tasks.loops()));
      Threads threads = new Threads(snapshot);
      List<String> loops = new ArrayList<>();
      for (AsyncLoop loop : tasks.loops()) {
        loops.add(threads.label(loop.nativeThreadId()));
      }
      if (!loops.isEmpty()) {
        header.append(" (").append(String.join(", ", loops)).append(')');
      }
    }
    return header.toString();
  }

  private static List<AsyncTask> roots(List<AsyncTask> tasks, Map<Long, AsyncTask> byAddress) {
    List<AsyncTask> roots = new ArrayList<>();
    for (AsyncTask task : tasks) {
      if (task.awaitedBy().stream().noneMatch(byAddress::containsKey)) {
        roots.add(task);
      }
    }
    return roots;
  }

  private void drawTask(
      StringBuilder out,
      AsyncTask task,
      String indent,
      boolean lastChild,
      Map<Long, AsyncTask> byAddress,
      Set<Long> drawn,
      Threads threads,
      int depth) {
    boolean first = drawn.add(task.address());
    String connector = depth == 0 ? "" : lastChild ? last : branch;
    out.append(indent).append(connector).append(title(task, threads));
    if (!first || depth > MAX_DEPTH) {
      out.append("  (shown above)\n");
      return;
    }
    out.append('\n');
    String childIndent = depth == 0 ? "" : indent + (lastChild ? "    " : pipe);
    java.util.Set<AsyncTask> childSet = new java.util.LinkedHashSet<>();
    if (task.waitsOn() != null) {
      for (long child : task.waitsOn().tasks()) {
        AsyncTask found = byAddress.get(child);
        if (found != null) {
          childSet.add(found);
        }
      }
    }
    childSet.addAll(threads.awaitedBy.getOrDefault(task.address(), List.of()));
    List<AsyncTask> children = new ArrayList<>(childSet);
    String detailIndent = childIndent + (children.isEmpty() ? "    " : pipe);
    for (TaskFrame frame : task.stack()) {
      out.append(detailIndent).append(frame(frame)).append('\n');
    }
    String worker = worker(task.waitsOn(), threads);
    if (worker != null) {
      out.append(detailIndent).append(worker).append('\n');
    }
    for (int i = 0; i < children.size(); i++) {
      drawTask(
          out,
          children.get(i),
          childIndent,
          i == children.size() - 1,
          byAddress,
          drawn,
          threads,
          depth + 1);
    }
  }

  private String title(AsyncTask task, Threads threads) {
    StringBuilder title = new StringBuilder(task.name()).append("  ");
    title.append(state(task, threads.taskNames));
    if (task.cancelling() > 0) {
      title.append(" (cancelling)");
    }
    if (task.state() == AsyncTask.State.RUNNING) {
      title.append(" on ").append(threads.label(task.nativeThreadId()));
    }
    return title.toString();
  }

  /** "waiting on …" / "running" / "ready to run": one phrase for a task's state. */
  public static String state(AsyncTask task, Map<Long, String> names) {
    return switch (task.state()) {
      case RUNNING -> "running";
      case READY -> "ready to run";
      case CREATED -> "created, not started";
      case WAITING -> "waiting on " + waitPhrase(task.waitsOn(), names);
    };
  }

  /** A short phrase for what is waited on. */
  public static String waitPhrase(TaskWait wait, Map<Long, String> names) {
    if (wait == null) {
      return "nothing";
    }
    StringBuilder phrase = new StringBuilder(wait.description());
    if (wait.kind() == TaskWait.Kind.TASK && names != null && !wait.tasks().isEmpty()) {
      phrase.append(' ').append(names.getOrDefault(wait.tasks().get(0), "?"));
    }
    if (wait.kind() == TaskWait.Kind.SLEEP && wait.secondsLeft() != null) {
      double left = wait.secondsLeft();
      phrase.append(
          left >= 0
              ? String.format(Locale.ROOT, ", %.1f s left", left)
              : String.format(Locale.ROOT, ", overdue by %.1f s", -left));
    }
    if (wait.waitersOfObject() > 1) {
      phrase.append(" (").append(wait.waitersOfObject()).append(" waiters)");
    }
    return phrase.toString();
  }

  private String worker(TaskWait wait, Threads threads) {
    if (wait == null || wait.worker() == null) {
      return null;
    }
    TaskWait.WorkerLink link = wait.worker();
    if (link.nativeThreadId() == 0) {
      return (unicode ? "⇢ " : "=> ")
          + "job "
          + (link.jobState() == null ? "state unknown" : link.jobState().toLowerCase(Locale.ROOT))
          + ": no worker thread is running it"
          + ("PENDING".equals(link.jobState()) ? " yet (queued behind busy workers)" : "");
    }
    return (unicode ? "⇢ " : "=> ")
        + "runs in "
        + threads.label(link.nativeThreadId())
        + threads.doing(link.nativeThreadId());
  }

  private static String frame(TaskFrame frame) {
    PythonFrame code = frame.frame();
    String where = code.qualifiedName() + " (" + code.file() + ":" + code.line() + ")";
    return frame.source() == null ? where : where + "  " + frame.source();
  }

  private String table(AsyncTasks tasks, Threads threads) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TASK", "STATE", "WAITS ON", "AWAITED BY", "WHERE"});
    Map<Long, String> names = new LinkedHashMap<>();
    tasks.tasks().forEach(task -> names.put(task.address(), task.name()));
    for (AsyncTask task : tasks.tasks()) {
      List<String> parents = new ArrayList<>();
      task.awaitedBy().forEach(parent -> parents.add(names.getOrDefault(parent, "?")));
      TaskFrame inner = task.innermost();
      String where =
          task.state() == AsyncTask.State.RUNNING
              ? threads.label(task.nativeThreadId())
              : inner == null
                  ? "-"
                  : inner.frame().qualifiedName()
                      + " "
                      + shortFile(inner.frame().file())
                      + ":"
                      + inner.frame().line();
      rows.add(
          new String[] {
            task.name(),
            task.state().name().toLowerCase(Locale.ROOT),
            task.waitsOn() == null ? "-" : waitPhrase(task.waitsOn(), names),
            parents.isEmpty() ? "-" : String.join(",", parents),
            where
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.min(Math.max(widths[i], row[i].length()), i == 2 ? 48 : 32);
      }
    }
    StringBuilder table = new StringBuilder("Tasks:\n");
    for (String[] row : rows) {
      table.append("  ");
      for (int i = 0; i < row.length; i++) {
        String cell = Formats.fit(row[i], widths[i]);
        table.append(i == row.length - 1 ? cell : pad(cell, widths[i]) + "  ");
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String shortFile(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? file : file.substring(slash + 1);
  }

  /** "1 loop", "1 trio run", "1 loop and 1 trio run". */
  private static String loops(List<AsyncLoop> loops) {
    long trio = loops.stream().filter(AsyncLoop::isTrio).count();
    long asyncio = loops.size() - trio;
    if (trio == 0) {
      return count((int) asyncio, "loop");
    }
    String runs = count((int) trio, "trio run");
    return asyncio == 0 ? runs : count((int) asyncio, "loop") + " and " + runs;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Thread names, innermost frames and kernel waits of the snapshot, by Linux thread id. */
  private static final class Threads {
    private final Map<Integer, PythonThread> python = new LinkedHashMap<>();
    private final Map<Integer, ThreadSnapshot> kernel = new LinkedHashMap<>();
    private final Map<Long, String> taskNames = new LinkedHashMap<>();
    private final Map<Long, List<AsyncTask>> awaitedBy = new LinkedHashMap<>();

    Threads(ProcessSnapshot snapshot) {
      if (snapshot == null) {
        return;
      }
      snapshot.threads().forEach(thread -> kernel.put(thread.tid(), thread));
      if (snapshot.python() != null) {
        snapshot.python().threads().forEach(t -> python.put(t.nativeThreadId(), t));
      }
    }

    String label(int tid) {
      if (tid == 0) {
        return "an unknown thread";
      }
      PythonThread thread = python.get(tid);
      String name =
          thread != null && thread.name() != null
              ? thread.name()
              : kernel.containsKey(tid) ? kernel.get(tid).name() : null;
      return name == null ? "tid " + tid : "\"" + name + "\" (tid " + tid + ")";
    }

    String doing(int tid) {
      StringBuilder doing = new StringBuilder();
      ThreadSnapshot thread = kernel.get(tid);
      if (thread != null && thread.kernelWait() != null && !thread.kernelWait().isRunning()) {
        doing.append(", blocked in ").append(thread.kernelWait().describe());
      } else if (thread != null && thread.kernelWait() != null) {
        doing.append(", running");
      }
      PythonThread stack = python.get(tid);
      if (stack != null && !stack.frames().isEmpty()) {
        PythonFrame top = stack.frames().get(0);
        doing
            .append(" at ")
            .append(top.qualifiedName())
            .append(" (")
            .append(top.file())
            .append(':')
            .append(top.line())
            .append(')');
      }
      return doing.toString();
    }
  }
}
