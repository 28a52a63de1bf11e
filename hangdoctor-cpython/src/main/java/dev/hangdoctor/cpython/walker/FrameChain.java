package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;

/**
 * One thread's frames, innermost first. {@code truncated} means more frames follow than were
 * reported (the bound was hit, or {@code problem} cut the walk short); {@code problem} is null for
 * a complete walk.
 */
record FrameChain(
    List<PythonFrame> frames, List<FrameRef> refs, boolean truncated, String problem) {
  FrameChain {
    frames = List.copyOf(frames);
    refs = List.copyOf(refs);
  }
}
