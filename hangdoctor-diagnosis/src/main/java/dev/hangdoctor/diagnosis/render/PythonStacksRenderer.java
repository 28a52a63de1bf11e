package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python stacks as people know them from {@code py-spy dump}: one block per thread, innermost frame
 * first, with the thread's kernel state and wait beside its header so a blocked thread and what it
 * is blocked on read together. Idle threads with the same stack and the same kind of wait (an idle
 * pool of 2,000 workers) are shown once, with the others counted and named.
 */
public final class PythonStacksRenderer {
  /** Idle threads with the same stack and wait are folded beyond this many. */
  static final int FOLD_AFTER = 3;

  /** Threads named in a fold before the rest is counted. */
  private static final int NAMED = 8;

  /** Frames shown per thread before the rest is summarised. */
  private final int maxFrames;

  public PythonStacksRenderer(int maxFrames) {
    this.maxFrames = maxFrames;
  }

  /** The header line about the interpreter, or why there are no stacks. */
  public static String interpreterLine(PythonStacks stacks) {
    if (stacks.status() == PythonStacks.Status.READ) {
      String source =
          stacks.layoutSource() == PythonStacks.LayoutSource.DEBUG_OFFSETS
              ? "layout from the interpreter's _Py_DebugOffsets"
              : "layout from hangdoctor's table";
      return String.format(
          Locale.ROOT, "Python %s (%s), %s", stacks.version(), stacks.binary(), source);
    }
    return "Python stacks not read: " + stacks.detail();
  }

  /** Every thread's block, GIL holder and busy threads first, then by native thread id. */
  public String threads(ProcessSnapshot snapshot) {
    PythonStacks stacks = snapshot.python();
    StringBuilder out = new StringBuilder();
    WaitDescriber waits = new WaitDescriber(snapshot);
    Map<Integer, ThreadSnapshot> kernel = new HashMap<>();
    snapshot.threads().forEach(thread -> kernel.put(thread.tid(), thread));
    List<PythonThread> ordered = new ArrayList<>(stacks.threads());
    ordered.sort(
        (a, b) ->
            a.holdsGil() != b.holdsGil()
                ? (a.holdsGil() ? -1 : 1)
                : a.idle() != b.idle()
                    ? (a.idle() ? 1 : -1)
                    : Integer.compare(a.nativeThreadId(), b.nativeThreadId()));
    Map<List<Object>, List<PythonThread>> folds = new LinkedHashMap<>();
    for (PythonThread thread : ordered) {
      folds
          .computeIfAbsent(
              foldKey(thread, kernel.get(thread.nativeThreadId())), k -> new ArrayList<>())
          .add(thread);
    }
    for (List<PythonThread> group : folds.values()) {
      boolean fold = group.size() > FOLD_AFTER && group.get(0).idle();
      for (PythonThread thread : fold ? group.subList(0, 1) : group) {
        block(out, thread, kernel.get(thread.nativeThreadId()), waits);
      }
      if (fold) {
        List<PythonThread> rest = group.subList(1, group.size());
        out.append(
            String.format(
                Locale.ROOT,
                "    (and %,d more idle threads with this stack and wait: %s)%n",
                rest.size(),
                threadList(rest)));
      }
    }
    return out.toString();
  }

  /**
   * Idle threads with the same frames and the same kind of kernel wait fold together; any other
   * thread is its own group.
   */
  private static List<Object> foldKey(PythonThread thread, ThreadSnapshot kernel) {
    List<Object> key = new ArrayList<>();
    if (!thread.idle() || thread.holdsGil() || thread.problem() != null) {
      key.add(thread.nativeThreadId());
      return key;
    }
    key.add(kernel == null ? null : kernel.state());
    key.add(kernel == null ? null : kernel.kernelWait().syscall().name());
    key.add(kernel == null ? null : kernel.kernelWait().wchan());
    for (PythonFrame frame : thread.frames()) {
      key.add(frame.qualifiedName() + " " + frame.file() + ":" + frame.line());
    }
    return key;
  }

  private static String threadList(List<PythonThread> threads) {
    List<String> named = new ArrayList<>();
    for (PythonThread thread : threads.subList(0, Math.min(NAMED, threads.size()))) {
      named.add(
          thread.nativeThreadId() + " \"" + (thread.name() == null ? "?" : thread.name()) + "\"");
    }
    return String.join(", ", named) + (threads.size() > NAMED ? ", …" : "");
  }

  private void block(
      StringBuilder out, PythonThread thread, ThreadSnapshot kernelThread, WaitDescriber waits) {
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Thread %d [0x%x] (%s): \"%s\"%s%n",
            thread.nativeThreadId(),
            thread.threadId(),
            activity(thread),
            thread.name() == null ? "?" : thread.name(),
            kernelThread == null
                ? ""
                : "   "
                    + kernelThread.state().code()
                    + "  "
                    + waits.describe(kernelThread.kernelWait())));
    if (thread.problem() != null) {
      out.append("    (frames not readable: ").append(thread.problem()).append(")\n");
      return;
    }
    if (thread.frames().isEmpty()) {
      out.append("    (no Python frames: the thread runs native code only)\n");
    }
    List<PythonFrame> frames = thread.frames();
    int shown = Math.min(frames.size(), maxFrames);
    for (PythonFrame frame : frames.subList(0, shown)) {
      out.append("    ").append(frame(frame)).append('\n');
    }
    if (shown < frames.size() || thread.framesTruncated()) {
      out.append(
          String.format(
              Locale.ROOT,
              "    … %d more frame%s%s%n",
              frames.size() - shown,
              frames.size() - shown == 1 ? "" : "s",
              thread.framesTruncated() ? " (and the stack was deeper than hangdoctor walks)" : ""));
    }
  }

  static String frame(PythonFrame frame) {
    String location = frame.line() > 0 ? frame.file() + ":" + frame.line() : frame.file();
    String owner = frame.owner() == PythonFrame.Owner.GENERATOR ? "  [generator/coroutine]" : "";
    return frame.qualifiedName() + " (" + location + ")" + owner;
  }

  private static String activity(PythonThread thread) {
    if (thread.holdsGil()) {
      return "active, holds the GIL";
    }
    return thread.idle() ? "idle" : "active";
  }
}
