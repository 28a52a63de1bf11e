package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human report of {@code hangdoctor inspect}: process header, thread table with CPU % and waits
 * (marking waits that did not change over the window), sockets with queued data, CLOSE_WAIT
 * lingerers, listeners, descriptor summary, the Python stacks of a CPython process, and whatever
 * could not be read.
 */
public final class InspectTextRenderer {
  /**
   * Threads with the same name (numbers aside), state and wait are folded into one row beyond this
   * many.
   */
  static final int FOLD_AFTER = 3;

  private static final String UNCHANGED = "●";

  /** Python frames shown per thread in the inspect report. */
  private static final int PYTHON_FRAMES = 12;

  private final OutputStyle style;

  /** Command lines whole, as in a pipe. */
  public InspectTextRenderer() {
    this(OutputStyle.PLAIN);
  }

  public InspectTextRenderer(OutputStyle style) {
    this.style = style;
  }

  public String render(Inspection inspection) {
    StringBuilder out = new StringBuilder();
    ProcessSnapshot latest = inspection.latest();
    WindowSummary window = inspection.window();
    header(out, latest, window, inspection.partial());
    threads(out, latest, window);
    python(out, latest);
    SocketSections.render(out, latest, window);
    gaps(out, latest);
    return out.toString();
  }

  private void header(
      StringBuilder out, ProcessSnapshot latest, WindowSummary window, boolean partial) {
    ProcessInfo p = latest.process();
    String head = "PID " + p.pid() + "  ";
    out.append(head).append(style.fit(p.commandLine(), head.length(), 30)).append('\n');
    line(
        out,
        "  user %s (uid %d) · state %s %s · up %s · started %s",
        p.user(),
        p.uid(),
        p.state().code(),
        p.state().name().toLowerCase(Locale.ROOT),
        Formats.duration(p.elapsedMillis()),
        Formats.timestamp(p.startTimeEpochMillis()));
    if (p.exe() != null || p.cwd() != null) {
      line(out, "  exe %s · cwd %s", orUnknown(p.exe()), orUnknown(p.cwd()));
    }
    line(
        out,
        "  threads %d · RSS %s · CPU %s user + %s system · %s%% over the window · parent %d",
        p.threadCount(),
        Formats.bytes(p.rssBytes()),
        Formats.duration(p.cpu().userMillis()),
        Formats.duration(p.cpu().systemMillis()),
        Formats.percent(window.processCpuPercent()),
        p.ppid());
    FdSummary fds = latest.fdSummary();
    if (fds == null) {
      line(out, "  fds: not readable (see NOT READ)");
    } else {
      String growth =
          window.fdGrowth() == 0
              ? ""
              : String.format(Locale.ROOT, " (%+d in window)", window.fdGrowth());
      line(
          out,
          "  fds %d of %s%s: %d sockets, %d pipes, %d files, %d anon_inode, %d other",
          fds.total(),
          limit(fds.openFilesSoftLimit()),
          growth,
          fds.sockets(),
          fds.pipes(),
          fds.files(),
          fds.anonInodes(),
          fds.other());
    }
    line(
        out,
        "  window %d sample%s over %s%s",
        window.samples(),
        window.samples() == 1 ? "" : "s",
        Formats.duration(window.spanMillis()),
        partial ? " · PARTIAL: the process exited during the inspection" : "");
  }

  private static void python(StringBuilder out, ProcessSnapshot latest) {
    PythonStacks stacks = latest.python();
    if (stacks == null || stacks.status() == PythonStacks.Status.NOT_PYTHON) {
      return;
    }
    out.append('\n');
    line(out, "PYTHON STACKS   %s", PythonStacksRenderer.interpreterLine(stacks));
    if (stacks.status() == PythonStacks.Status.READ) {
      out.append(new PythonStacksRenderer(PYTHON_FRAMES).threads(latest));
    }
  }

  /** Python thread names by native thread id, when the process is CPython. */
  private static Map<Integer, String> pythonNames(ProcessSnapshot latest) {
    Map<Integer, String> names = new HashMap<>();
    if (latest.python() != null) {
      for (PythonThread thread : latest.python().threads()) {
        if (thread.name() != null
            && (thread.nameSource() == PythonThread.NameSource.THREADING
                || thread.nameSource() == PythonThread.NameSource.MAIN_THREAD)) {
          names.put(thread.nativeThreadId(), thread.name());
        }
      }
    }
    return names;
  }

  private static void threads(StringBuilder out, ProcessSnapshot latest, WindowSummary window) {
    out.append('\n');
    line(
        out,
        "THREADS (%d)%s",
        window.threads().size(),
        window.samples() > 1 ? "   " + UNCHANGED + " = same kernel wait in every sample" : "");
    line(out, "  %-8s %-16s %-2s %6s  %s", "TID", "NAME", "ST", "CPU%", "WAIT");
    WaitDescriber waits = new WaitDescriber(latest);
    Map<Integer, String> pythonNames = pythonNames(latest);
    Map<String, List<ThreadActivity>> groups = new LinkedHashMap<>();
    for (ThreadActivity thread : window.threads()) {
      String wait = waits.describe(thread.kernelWait());
      // Pool workers are numbered (worker-0, worker-1, …): the number does not set them apart.
      String key =
          pythonNames.getOrDefault(thread.tid(), thread.name()).replaceAll("\\d+", "#")
              + '\0'
              + thread.state()
              + '\0'
              + wait
              + '\0'
              + thread.waitUnchanged();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(thread);
    }
    for (List<ThreadActivity> group : groups.values()) {
      int shown = group.size() > FOLD_AFTER ? 1 : group.size();
      for (ThreadActivity thread : group.subList(0, shown)) {
        line(
            out,
            "  %-8d %-16s %-2s %6s  %s %s",
            thread.tid(),
            Formats.fit(pythonNames.getOrDefault(thread.tid(), thread.name()), 16),
            thread.state().code(),
            Formats.percent(thread.cpuPercent()),
            thread.waitUnchanged() ? UNCHANGED : " ",
            waits.describe(thread.kernelWait()));
      }
      if (shown < group.size()) {
        line(
            out,
            "  %-8s %,d more threads like this one (tids %s)",
            "…",
            group.size() - shown,
            tidList(group.subList(shown, group.size())));
      }
    }
  }

  private static void gaps(StringBuilder out, ProcessSnapshot latest) {
    List<EvidenceGap> gaps = latest.gaps();
    if (gaps.isEmpty()) {
      return;
    }
    out.append('\n');
    line(out, "NOT READ");
    for (EvidenceGap gap : gaps) {
      line(
          out,
          "  %s: %s",
          gap.what(),
          gap.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
  }

  private static String tidList(List<ThreadActivity> threads) {
    List<String> tids = new ArrayList<>();
    for (ThreadActivity thread : threads.subList(0, Math.min(8, threads.size()))) {
      tids.add(Integer.toString(thread.tid()));
    }
    return String.join(", ", tids) + (threads.size() > 8 ? ", …" : "");
  }

  private static String limit(long limit) {
    if (limit == FdSummary.UNLIMITED) {
      return "unlimited";
    }
    return limit == FdSummary.UNKNOWN ? "?" : Long.toString(limit);
  }

  private static String orUnknown(String text) {
    return text == null ? "?" : text;
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
