package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.NativeStack;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The machine-code frames of a native thread as findings use them: the program's own frames with a
 * source line (the ones that must change), named as {@code iec104_gateway.c:78 in handle_timeouts}.
 */
public final class NativeFrames {
  private static final int SHOWN = 5;

  private NativeFrames() {}

  /** The thread's machine-code stack in the latest sample that has one. */
  public static Optional<NativeStack> stack(Inspection inspection, int tid) {
    List<ProcessSnapshot> samples = inspection.samples();
    for (int i = samples.size() - 1; i >= 0; i--) {
      for (ThreadSnapshot thread : samples.get(i).threads()) {
        if (thread.tid() == tid && thread.nativeStack() != null) {
          return Optional.of(thread.nativeStack());
        }
      }
    }
    return Optional.empty();
  }

  /** The program's own frames of the thread that have a source file, innermost first. */
  public static List<NativeFrame> userFrames(Inspection inspection, int tid) {
    return stack(inspection, tid).map(NativeFrames::userFrames).orElse(List.of());
  }

  /** The program's own frames of {@code stack} that have a source file, innermost first. */
  public static List<NativeFrame> userFrames(NativeStack stack) {
    return stack.frames().stream()
        .filter(f -> f.user() && f.file() != null && f.function() != null)
        .toList();
  }

  /** {@code frames} as key frames ({@code file:function} with the line). */
  public static List<PythonFrame> keyFrames(List<NativeFrame> frames) {
    return frames.stream().map(NativeFrame::asSourceFrame).toList();
  }

  /** {@code iec104_gateway.c:78 in handle_timeouts}. */
  public static String at(NativeFrame frame) {
    String file = frame.file().substring(frame.file().lastIndexOf('/') + 1);
    return file + (frame.line() > 0 ? ":" + frame.line() : "") + " in " + frame.function();
  }

  /**
   * {@code at iec104_gateway.c:78 in handle_timeouts (called from connection_thread)}, or for a
   * running thread {@code in upload_loop (publisher.c:43), the thread's start routine}; empty when
   * there are no such frames.
   */
  public static String where(List<NativeFrame> frames) {
    if (frames.isEmpty()) {
      return "";
    }
    NativeFrame first = frames.get(0);
    if (first.entry()) {
      return " in " + first.function() + " (" + base(first) + "), the thread's start routine";
    }
    String callers =
        frames.stream()
            .skip(1)
            .limit(SHOWN - 1)
            .map(NativeFrame::function)
            .collect(Collectors.joining(" ← "));
    return " at " + at(first) + (callers.isEmpty() ? "" : " (called from " + callers + ")");
  }

  /** The evidence line of a thread's native stack: its frames, innermost first, and how read. */
  public static String evidence(String who, NativeStack stack) {
    if (stack.entryOnly()) {
      NativeFrame entry = stack.frames().get(0);
      return "native stack of "
          + who
          + ": only its start routine "
          + entry.function()
          + " ("
          + (entry.file() != null ? base(entry) : entry.module())
          + ") is known; the thread runs, and its registers cannot be read without stopping it, so"
          + " the loop is in that function or below it";
    }
    List<String> names = new ArrayList<>();
    for (NativeFrame frame : stack.frames()) {
      if (names.size() == 8) {
        names.add("…");
        break;
      }
      names.add(frame.describe());
    }
    String how = stack.complete() ? "" : " (partial: " + stack.stopReason() + ")";
    return "native stack of " + who + ": " + String.join(" ← ", names) + how;
  }

  private static String base(NativeFrame frame) {
    String file = frame.file().substring(frame.file().lastIndexOf('/') + 1);
    return file + (frame.line() > 0 ? ":" + frame.line() : "");
  }

  /**
   * {@code finding} with its thread's own native frames as key frames, the stack in the evidence
   * and the place named in the fix, when it has no key frames yet and the thread's stack was read.
   */
  public static Finding withNativeFrames(Inspection inspection, Finding finding) {
    if (finding.tid() == Finding.PROCESS_WIDE || !finding.keyFrames().isEmpty()) {
      return finding;
    }
    Optional<NativeStack> stack = stack(inspection, finding.tid());
    if (stack.isEmpty()) {
      return finding;
    }
    List<NativeFrame> own = userFrames(stack.get());
    if (own.isEmpty()) {
      return finding;
    }
    List<String> evidence = new ArrayList<>(finding.evidence());
    String who = "\"" + finding.threadName() + "\" (tid " + finding.tid() + ")";
    evidence.add(evidence(who, stack.get()));
    String fix = finding.fix() + " In the program: " + who + where(own) + ".";
    return new Finding(
        finding.ruleId(),
        finding.kind(),
        finding.confidence(),
        finding.tid(),
        finding.threadName(),
        keyFrames(own),
        evidence,
        finding.explanation(),
        fix,
        finding.stack());
  }
}
