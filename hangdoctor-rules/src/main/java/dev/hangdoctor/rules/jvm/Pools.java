package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.rules.internal.JavaFrames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread pools of a dump, told apart by their workers' names (the pool's thread factory names
 * them {@code prefix-N}): {@code ThreadPoolExecutor} workers run {@code runWorker}, fork/join
 * workers {@code ForkJoinWorkerThread.run}; the carriers of virtual threads are left out. What a
 * worker is doing: idle (waiting for a task), or inside a task waiting for other work (a future, a
 * latch, a queue), the java.util.concurrent calls listed here.
 */
final class Pools {
  /** The waits that only another task can end. */
  private static final List<String[]> WAITS_FOR_OTHER_WORK =
      List.of(
          new String[] {"java.util.concurrent.FutureTask", "get"},
          new String[] {"java.util.concurrent.CompletableFuture", "get"},
          new String[] {"java.util.concurrent.CompletableFuture", "join"},
          new String[] {"java.util.concurrent.CountDownLatch", "await"},
          new String[] {"java.util.concurrent.CyclicBarrier", "await"},
          new String[] {"java.util.concurrent.Phaser", "awaitAdvance"},
          new String[] {"java.util.concurrent.Phaser", "arriveAndAwaitAdvance"},
          new String[] {"java.util.concurrent.Semaphore", "acquire"},
          new String[] {"java.util.concurrent.ExecutorCompletionService", "take"},
          new String[] {"java.util.concurrent.AbstractExecutorService", "invokeAll"},
          new String[] {"java.util.concurrent.AbstractExecutorService", "invokeAny"},
          new String[] {"java.util.concurrent.LinkedBlockingQueue", "take"},
          new String[] {"java.util.concurrent.ArrayBlockingQueue", "take"},
          new String[] {"java.util.concurrent.SynchronousQueue", "take"});

  /** One pool: how it is named and its workers. */
  record Pool(String prefix, boolean forkJoin, List<JavaThread> workers) {
    boolean commonPool() {
      return prefix.startsWith("ForkJoinPool.commonPool");
    }

    /** {@code "report-worker-*" (a ThreadPoolExecutor)}. */
    String describe() {
      return commonPool()
          ? "the common ForkJoinPool (ForkJoinPool.commonPool())"
          : "pool \""
              + prefix
              + "*\" ("
              + (forkJoin ? "a ForkJoinPool" : "a ThreadPoolExecutor")
              + ")";
    }
  }

  private Pools() {}

  /** The pools among {@code threads}, in order of their first worker. */
  static List<Pool> of(List<JavaThread> threads) {
    Map<String, List<JavaThread>> byPrefix = new LinkedHashMap<>();
    Map<String, Boolean> forkJoin = new LinkedHashMap<>();
    for (JavaThread thread : threads) {
      if (thread.virtual() || thread.carrying() || carrier(thread)) {
        continue;
      }
      boolean tpe =
          JavaFrames.contains(
              thread.frames(), "java.util.concurrent.ThreadPoolExecutor", "runWorker");
      boolean fj =
          JavaFrames.contains(thread.frames(), "java.util.concurrent.ForkJoinWorkerThread", "run");
      if (!tpe && !fj) {
        continue;
      }
      String prefix = prefix(thread.name());
      byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(thread);
      forkJoin.put(prefix, fj);
    }
    List<Pool> pools = new ArrayList<>();
    byPrefix.forEach(
        (prefix, workers) -> pools.add(new Pool(prefix, forkJoin.get(prefix), workers)));
    return pools;
  }

  /** True for a worker waiting for its next task. */
  static boolean idle(JavaThread worker) {
    return JavaFrames.contains(
            worker.frames(), "java.util.concurrent.ThreadPoolExecutor", "getTask")
        || JavaFrames.contains(worker.frames(), "java.util.concurrent.ForkJoinPool", "awaitWork");
  }

  /** The call of a task that waits for other work, innermost first; {@code null} when none. */
  static JavaFrame waitForOtherWork(JavaThread thread) {
    if (thread.waitingFor() == null || idle(thread)) {
      return null;
    }
    for (JavaFrame frame : thread.frames()) {
      if (JavaFrames.isApplication(frame)) {
        return null;
      }
      for (String[] wait : WAITS_FOR_OTHER_WORK) {
        if (frame.className().equals(wait[0]) && frame.method().equals(wait[1])) {
          return frame;
        }
      }
    }
    return null;
  }

  /** True for a thread that is the carrier of virtual threads (its task is a continuation). */
  static boolean carrier(JavaThread thread) {
    return JavaFrames.contains(thread.frames(), "java.lang.VirtualThread", "runContinuation");
  }

  /** {@code report-worker-3} → {@code report-worker-}. */
  static String prefix(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end);
  }
}
