package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Set;

/**
 * Reads an event loop out of a Python stack (frames innermost first): whether the thread runs an
 * asyncio loop (its own {@code base_events.py} frames, or uvloop's and uvicorn's runners, whose
 * loop is native code), whether the loop is idle in its selector, and which frames run on top of it
 * — the callback or coroutine step the loop is executing right now.
 */
public final class EventLoops {
  private static final Set<String> ASYNCIO_LOOP_FUNCTIONS = Set.of("_run_once", "run_forever");
  private static final Set<String> RUNNER_FUNCTIONS = Set.of("run", "asyncio_run");

  private EventLoops() {}

  /** True when one of {@code frames} is an event loop's own dispatch frame. */
  public static boolean runsEventLoop(List<PythonFrame> frames) {
    return loopIndex(frames) >= 0;
  }

  /**
   * The frames the loop is running on top of itself: everything innermost of its dispatch frame,
   * except asyncio's runner ({@code asyncio.run} → {@code Runner.run}), which sits between
   * uvicorn's runner and a native loop such as uvloop's. Empty when the thread runs no loop, or
   * when the loop waits in its selector (idle): a native loop waiting for events has no Python
   * frame above it.
   */
  public static List<PythonFrame> runningOnLoop(List<PythonFrame> frames) {
    int loop = loopIndex(frames);
    if (loop <= 0) {
      return List.of();
    }
    List<PythonFrame> above =
        frames.subList(0, loop).stream().filter(f -> !isAsyncioRunner(f)).toList();
    return above.stream().anyMatch(EventLoops::isSelector) ? List.of() : above;
  }

  private static boolean isAsyncioRunner(PythonFrame frame) {
    return frame.file() != null && frame.file().endsWith("/asyncio/runners.py");
  }

  /** The loop's dispatch frame ({@code BaseEventLoop.run_forever}, uvicorn's runner, …). */
  public static PythonFrame loopFrame(List<PythonFrame> frames) {
    int loop = loopIndex(frames);
    if (loop < 0) {
      throw new IllegalArgumentException("no event loop on this stack");
    }
    return frames.get(loop);
  }

  private static int loopIndex(List<PythonFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (isLoopFrame(frames.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLoopFrame(PythonFrame frame) {
    String file = frame.file() == null ? "" : frame.file();
    if (file.endsWith("/asyncio/base_events.py")) {
      return ASYNCIO_LOOP_FUNCTIONS.contains(frame.function());
    }
    boolean runner =
        file.contains("/uvloop/")
            || (file.contains("/uvicorn/")
                && (file.endsWith("/server.py") || file.endsWith("/_compat.py")));
    if (runner) {
      return RUNNER_FUNCTIONS.contains(frame.function());
    }
    return false;
  }

  private static boolean isSelector(PythonFrame frame) {
    return frame.file() != null
        && frame.file().endsWith("/selectors.py")
        && "select".equals(frame.function());
  }
}
