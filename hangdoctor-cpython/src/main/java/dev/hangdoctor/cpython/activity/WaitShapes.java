package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonWait.Kind;
import java.util.List;
import java.util.Optional;

/**
 * Recognises a blocked thread's wait from the standard-library frames on top of its stack: {@code
 * Condition.wait} under {@code Queue.get} is a queue wait, under {@code Event.wait} under {@code
 * ApplyResult.get} a pool result, and so on. The outermost of these frames names the wait; its
 * {@code self} is the object waited on. One table of the functions that wait, by file and qualified
 * name; pure.
 */
final class WaitShapes {
  private WaitShapes() {}

  /** A recognised wait: its kind, the frame that names it, and its object's module-level type. */
  record Shape(Kind kind, int frame, String objectType, boolean selfIsObject) {}

  private record Waiter(String file, String module, String qualifiedName, Kind kind) {}

  private static final List<Waiter> WAITERS =
      List.of(
          new Waiter("/threading.py", "threading", "Condition.wait", Kind.CONDITION),
          new Waiter("/threading.py", "threading", "Condition.wait_for", Kind.CONDITION),
          new Waiter("/threading.py", "threading", "Event.wait", Kind.EVENT),
          new Waiter("/threading.py", "threading", "Semaphore.acquire", Kind.SEMAPHORE),
          new Waiter("/threading.py", "threading", "Barrier.wait", Kind.BARRIER),
          new Waiter("/threading.py", "threading", "Barrier._wait", Kind.BARRIER),
          new Waiter("/threading.py", "threading", "Thread.join", Kind.THREAD_JOIN),
          new Waiter(
              "/threading.py", "threading", "Thread._wait_for_tstate_lock", Kind.THREAD_JOIN),
          new Waiter("/queue.py", "queue", "Queue.get", Kind.QUEUE_GET),
          new Waiter("/queue.py", "queue", "Queue.put", Kind.QUEUE_PUT),
          new Waiter("/queue.py", "queue", "Queue.join", Kind.QUEUE_JOIN),
          new Waiter(
              "/concurrent/futures/_base.py", "concurrent.futures", "Future.result", Kind.FUTURE),
          new Waiter(
              "/concurrent/futures/_base.py",
              "concurrent.futures",
              "Future.exception",
              Kind.FUTURE),
          new Waiter("/concurrent/futures/_base.py", "concurrent.futures", "wait", Kind.FUTURE),
          new Waiter(
              "/concurrent/futures/_base.py", "concurrent.futures", "as_completed", Kind.FUTURE),
          new Waiter(
              "/multiprocessing/pool.py",
              "multiprocessing.pool",
              "ApplyResult.wait",
              Kind.POOL_RESULT),
          new Waiter(
              "/multiprocessing/pool.py",
              "multiprocessing.pool",
              "ApplyResult.get",
              Kind.POOL_RESULT),
          new Waiter(
              "/multiprocessing/pool.py",
              "multiprocessing.pool",
              "IMapIterator.next",
              Kind.POOL_RESULT),
          new Waiter(
              "/multiprocessing/synchronize.py",
              "multiprocessing.synchronize",
              "Event.wait",
              Kind.EVENT),
          new Waiter(
              "/multiprocessing/synchronize.py",
              "multiprocessing.synchronize",
              "Condition.wait",
              Kind.CONDITION));

  /**
   * The wait the frames (innermost first) show, when the innermost frame is one of the waiting
   * functions; then the outermost of the consecutive waiting frames names it.
   */
  static Optional<Shape> of(List<PythonFrame> frames) {
    Waiter outer = null;
    int index = -1;
    for (int i = 0; i < frames.size(); i++) {
      Waiter waiter = waiter(frames.get(i));
      if (waiter == null) {
        break;
      }
      outer = waiter;
      index = i;
    }
    if (outer == null) {
      return Optional.empty();
    }
    String name = outer.qualifiedName();
    int dot = name.indexOf('.');
    boolean method = dot > 0;
    String type = method ? outer.module() + "." + name.substring(0, dot) : null;
    return Optional.of(new Shape(outer.kind(), index, type, method));
  }

  private static Waiter waiter(PythonFrame frame) {
    if (frame.file() == null) {
      return null;
    }
    for (Waiter waiter : WAITERS) {
      if (frame.file().endsWith(waiter.file())
          && waiter.qualifiedName().equals(frame.qualifiedName())) {
        return waiter;
      }
    }
    return null;
  }

  /** True for a frame of the standard library ({@code …/lib/python3.X/…}). */
  static boolean isStandardLibrary(PythonFrame frame) {
    String file = frame.file();
    return file != null
        && (file.startsWith("<frozen ") || file.matches(".*/lib(64)?/python3\\.\\d+t?/[^/].*"))
        && !file.contains("/site-packages/")
        && !file.contains("/dist-packages/");
  }
}
