package dev.hangdoctor.evidence;

import java.util.List;

/**
 * A thread's machine-code stack, innermost frame first, read without stopping the thread: unwound
 * from the stack and program counters the kernel publishes for a thread blocked in a system call,
 * or (for a running thread) only its start routine. {@code complete} is true when the walk reached
 * the thread's first frame; otherwise {@code stopReason} says where and why it stopped (the frames
 * before it are right, the ones after it are missing, never guessed). {@code scanned} says a frame
 * base had to be found by scanning the stack for a saved frame pointer (code without call-frame
 * information for a register).
 */
public record NativeStack(
    List<NativeFrame> frames, boolean complete, String stopReason, boolean scanned) {
  public NativeStack {
    frames = List.copyOf(frames);
  }

  /** The program's own frames (see {@link NativeFrame#user()}), innermost first. */
  public List<NativeFrame> userFrames() {
    return frames.stream().filter(NativeFrame::user).toList();
  }

  /** True when the only frame is the thread's start routine. */
  public boolean entryOnly() {
    return !frames.isEmpty() && frames.stream().allMatch(NativeFrame::entry);
  }
}
