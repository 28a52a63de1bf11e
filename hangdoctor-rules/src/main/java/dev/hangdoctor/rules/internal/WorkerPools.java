package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The one table of worker thread pools: how a pool's worker thread shows on its Python stack
 * (frames innermost first) on CPython 3.11–3.14, whether it runs a job or waits for one, and what
 * the pool's size is when the library fixes it.
 *
 * <table>
 *   <caption>Worker threads (file suffix: function of the worker's loop frame)</caption>
 *   <tr><th>pool</th><th>worker loop frame</th><th>busy when</th><th>size</th></tr>
 *   <tr><td>anyio {@code to_thread.run_sync} (asyncio backend; FastAPI/Starlette {@code def}
 *       routes and dependencies)</td><td>{@code anyio/_backends/_asyncio.py}: {@code
 *       WorkerThread.run}</td><td>the frame above it is not {@code queue.py}'s {@code get}</td>
 *       <td>the default limiter: 40 tokens</td></tr>
 *   <tr><td>trio {@code to_thread.run_sync} (and anyio on trio)</td><td>{@code
 *       trio/_core/_thread_cache.py}: {@code WorkerThread._work}</td><td>{@code
 *       WorkerThread._handle_job} is on the stack</td><td>the default limiter: 40 tokens</td></tr>
 *   <tr><td>{@code concurrent.futures.ThreadPoolExecutor} (asyncio's default executor, tornado's
 *       {@code run_on_executor}, gunicorn's gthread worker)</td><td>{@code
 *       concurrent/futures/thread.py}: {@code _worker}</td><td>{@code _WorkItem.run} is on the
 *       stack</td><td>gunicorn: {@code --threads}; else {@code max_workers}, not readable</td></tr>
 *   <tr><td>twisted's reactor thread pool ({@code deferToThread})</td><td>{@code
 *       twisted/_threads/_threadworker.py}: {@code work}</td><td>{@code doWork} ({@code
 *       _team.py}) is on the stack</td><td>{@code reactor.getThreadPool()}: 10 by default</td></tr>
 * </table>
 *
 * <p>Workers of one {@code ThreadPoolExecutor} share the thread name prefix before {@code _<i>}
 * ({@code ThreadPoolExecutor-0_3}, {@code asyncio_1}), so executors are told apart by it.
 */
public final class WorkerPools {
  /** A kind of pool, its default size when the library fixes one, and its fix. */
  public record PoolKind(String name, OptionalInt defaultSize, String enlargeFix) {}

  /** One worker thread of a pool: which pool, and whether it runs a job. */
  public record Worker(PoolKind kind, String poolName, boolean busy) {}

  private record Shape(PoolKind kind, String file, Set<String> loopFunctions, Busy busy) {}

  private interface Busy {
    boolean test(List<PythonFrame> above);
  }

  public static final PoolKind ANYIO =
      new PoolKind(
          "anyio's worker threads (to_thread.run_sync; FastAPI/Starlette run `def` routes and"
              + " dependencies there)",
          OptionalInt.of(40),
          "make slow routes `async def` with an async client, or run slow work under its own"
              + " limiter (`await anyio.to_thread.run_sync(f, limiter=anyio.CapacityLimiter(n))`)"
              + " so it cannot take every token; raising"
              + " `anyio.to_thread.current_default_thread_limiter().total_tokens` only buys time");
  public static final PoolKind TRIO =
      new PoolKind(
          "trio's worker threads (trio.to_thread.run_sync)",
          OptionalInt.of(40),
          "run slow work under its own limiter (`trio.to_thread.run_sync(f,"
              + " limiter=trio.CapacityLimiter(n))`) so it cannot take every token");
  public static final PoolKind EXECUTOR =
      new PoolKind(
          "a ThreadPoolExecutor",
          OptionalInt.empty(),
          "give slow work its own executor so it cannot take every worker of this one, and bound"
              + " how long a caller waits for a result (`future.result(timeout=...)`,"
              + " `asyncio.wait_for(...)`)");
  public static final PoolKind GUNICORN_THREADS =
      new PoolKind(
          "gunicorn's gthread request threads",
          OptionalInt.empty(),
          "raise --threads or --workers only after the call has a timeout; gunicorn's --timeout"
              + " does not restart a gthread worker whose request threads are stuck");
  public static final PoolKind TWISTED =
      new PoolKind(
          "twisted's reactor thread pool (deferToThread)",
          OptionalInt.of(10),
          "give slow work its own twisted.python.threadpool.ThreadPool, or raise"
              + " reactor.suggestThreadPoolSize(n) once the call has a timeout");

  private static final List<Shape> SHAPES =
      List.of(
          new Shape(
              ANYIO,
              "/anyio/_backends/_asyncio.py",
              Set.of("WorkerThread.run"),
              above -> !above.isEmpty() && !isQueueGet(above.get(0))),
          new Shape(
              TRIO,
              "/trio/_core/_thread_cache.py",
              Set.of("WorkerThread._work"),
              above -> above.stream().anyMatch(f -> "_handle_job".equals(f.function()))),
          new Shape(
              EXECUTOR,
              "/concurrent/futures/thread.py",
              Set.of("_worker"),
              above ->
                  above.stream()
                      .anyMatch(
                          f ->
                              f.file() != null
                                  && f.file().endsWith("/concurrent/futures/thread.py")
                                  && "run".equals(f.function()))),
          new Shape(
              TWISTED,
              "/twisted/_threads/_threadworker.py",
              Set.of("work", "ThreadWorker.__init__.<locals>.work"),
              above -> above.stream().anyMatch(f -> "doWork".equals(f.function()))));

  private WorkerPools() {}

  /**
   * The pool worker running on a thread with {@code frames} and name {@code threadName}, when it is
   * one.
   */
  public static Optional<Worker> read(List<PythonFrame> frames, String threadName) {
    for (int i = 0; i < frames.size(); i++) {
      PythonFrame frame = frames.get(i);
      for (Shape shape : SHAPES) {
        if (frame.file() != null
            && frame.file().endsWith(shape.file())
            && (shape.loopFunctions().contains(frame.function())
                || shape.loopFunctions().contains(frame.qualifiedName()))) {
          List<PythonFrame> above = frames.subList(0, i);
          PoolKind kind = shape.kind();
          String pool = kind.name();
          if (kind == EXECUTOR) {
            boolean gunicorn =
                frames.stream()
                    .anyMatch(
                        f -> f.file() != null && f.file().endsWith("/gunicorn/workers/gthread.py"));
            kind = gunicorn ? GUNICORN_THREADS : EXECUTOR;
            pool = gunicorn ? kind.name() : executorName(threadName);
          }
          return Optional.of(new Worker(kind, pool, shape.busy().test(above)));
        }
      }
    }
    return Optional.empty();
  }

  /** "the ThreadPoolExecutor whose threads are named ThreadPoolExecutor-0_N". */
  private static String executorName(String threadName) {
    int underscore = threadName == null ? -1 : threadName.lastIndexOf('_');
    if (underscore <= 0) {
      return EXECUTOR.name();
    }
    String prefix = threadName.substring(0, underscore);
    if ("asyncio".equals(prefix) || "uvloop".equals(prefix)) {
      return "the event loop's default executor (threads " + prefix + "_N)";
    }
    return "the ThreadPoolExecutor whose threads are named " + prefix + "_N";
  }

  private static boolean isQueueGet(PythonFrame frame) {
    return frame.file() != null
        && frame.file().endsWith("/queue.py")
        && "get".equals(frame.function());
  }
}
