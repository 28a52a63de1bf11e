package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.evidence.PythonThread;
import java.util.List;

/**
 * One thread of a walk: what is reported about it, the address of its thread state, and where each
 * of its reported frames lives ({@code frames} parallel to {@code thread.frames()}).
 */
public record WalkedThread(PythonThread thread, long threadState, List<FrameRef> frames) {
  public WalkedThread {
    frames = List.copyOf(frames);
  }
}
