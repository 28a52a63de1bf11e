package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python stacks as people know them from {@code py-spy dump}: one block per thread, innermost frame
 * first, with the thread's kernel state and wait beside its header so a blocked thread and what it
 * is blocked on read together.
 */
public final class PythonStacksRenderer {
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
    for (PythonThread thread : ordered) {
      out.append('\n');
      ThreadSnapshot kernelThread = kernel.get(thread.nativeThreadId());
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
        continue;
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
                thread.framesTruncated()
                    ? " (and the stack was deeper than hangdoctor walks)"
                    : ""));
      }
    }
    return out.toString();
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
