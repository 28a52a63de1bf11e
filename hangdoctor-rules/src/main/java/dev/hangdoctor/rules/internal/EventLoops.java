package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of event loop kinds: how each library's loop shows on a thread's Python stack
 * (frames innermost first) on CPython 3.11–3.14, and whether the loop is idle in its poll or runs a
 * coroutine, callback or greenlet on top of itself.
 *
 * <table>
 *   <caption>Loop shapes (file suffix: functions)</caption>
 *   <tr><th>loop</th><th>dispatch frame</th><th>idle when the innermost frame is</th></tr>
 *   <tr><td>asyncio (also tornado 6, twisted's asyncioreactor, anyio's asyncio backend)</td>
 *       <td>{@code asyncio/base_events.py}: {@code _run_once}, {@code run_forever}</td>
 *       <td>{@code selectors.py}: {@code select}</td></tr>
 *   <tr><td>uvloop (native loop under {@code asyncio.Runner}, uvicorn)</td>
 *       <td>{@code asyncio/runners.py}: {@code Runner.run}; {@code uvloop/__init__.py}: {@code run};
 *       {@code uvicorn/_compat.py}: {@code asyncio_run}</td>
 *       <td>the dispatch frame itself (libuv polls in C)</td></tr>
 *   <tr><td>trio (also anyio's trio backend)</td>
 *       <td>{@code trio/_core/_run.py}: {@code unrolled_run}, {@code run}</td>
 *       <td>{@code trio/_core/_io_*.py}: {@code get_events}</td></tr>
 *   <tr><td>twisted reactors</td><td>{@code twisted/internet/base.py}: {@code mainLoop}</td>
 *       <td>{@code twisted/internet/*reactor.py}: {@code doPoll}, {@code doSelect},
 *       {@code doKEvent}</td></tr>
 *   <tr><td>gevent</td><td>{@code gevent/hub.py}: {@code Hub.run}</td>
 *       <td>the dispatch frame itself (libev/libuv in C). A greenlet running on the hub's thread
 *       shows only its own frames: no hub, no {@code <module>} below it</td></tr>
 * </table>
 *
 * <p>The innermost dispatch frame of any shape decides, so asyncio's {@code _run_once} wins over
 * the {@code Runner.run} below it, and uvloop is recognised by {@code Runner.run} with nothing of
 * asyncio's loop above it. Libraries that run on one of these loops (anyio, tornado, twisted on
 * asyncio) are named from a frame of theirs below the dispatch frame, for the fix.
 */
public final class EventLoops {
  private record Match(String fileSuffix, Set<String> functions) {
    boolean matches(PythonFrame frame) {
      return frame.file() != null
          && frame.file().endsWith(fileSuffix)
          && (functions.contains(frame.function()) || functions.contains(frame.qualifiedName()));
    }

    static boolean any(List<Match> matches, PythonFrame frame) {
      return matches.stream().anyMatch(m -> m.matches(frame));
    }
  }

  /** One loop's shape: its dispatch frames and its poll frames (empty: it polls in C). */
  private record Shape(LoopKind kind, List<Match> dispatch, List<Match> poll) {}

  /** A library running on a base loop, named by one of its frames below the dispatch frame. */
  private record Layer(String base, Match marker, LoopKind kind) {}

  static final LoopKind ASYNCIO =
      new LoopKind(
          "asyncio",
          "coroutine",
          "replace time.sleep(...) with `await asyncio.sleep(...)`; to wait for a condition, await"
              + " an asyncio.Event or poll with asyncio.sleep under an overall timeout"
              + " (`async with asyncio.timeout(seconds)`).",
          "`await asyncio.to_thread(f, ...)` (or `await loop.run_in_executor(...)`)",
          "use an async client with a timeout (httpx.AsyncClient(timeout=...), aiohttp, or"
              + " asyncio.open_connection under asyncio.timeout(...))",
          "do not wait on threading locks, events or concurrent futures in a coroutine: use"
              + " asyncio.Lock/asyncio.Event or `await asyncio.wrap_future(future)`");
  static final LoopKind UVLOOP =
      new LoopKind(
          "uvloop",
          ASYNCIO.unitOfWork(),
          ASYNCIO.sleepFix(),
          ASYNCIO.offloadFix(),
          ASYNCIO.networkFix(),
          ASYNCIO.lockFix());
  static final LoopKind TRIO =
      new LoopKind(
          "trio",
          "task",
          "replace time.sleep(...) with `await trio.sleep(...)`; to wait for a condition, await a"
              + " trio.Event under `with trio.fail_after(seconds):`.",
          "`await trio.to_thread.run_sync(f, ...)`",
          "use trio's own networking (`await trio.open_tcp_stream(...)`, trio.socket) or"
              + " httpx.AsyncClient, under `with trio.fail_after(seconds):`",
          "do not wait on threading locks or events in a trio task: use trio.Lock/trio.Event");
  static final LoopKind ANYIO_ASYNCIO = anyio("anyio on asyncio");
  static final LoopKind ANYIO_TRIO = anyio("anyio on trio");
  static final LoopKind TORNADO =
      new LoopKind(
          "tornado",
          "handler coroutine",
          "replace time.sleep(...) with `await asyncio.sleep(...)` (or `await"
              + " tornado.gen.sleep(...)`).",
          "`await IOLoop.current().run_in_executor(None, f, ...)`",
          "use tornado.httpclient.AsyncHTTPClient().fetch(url, request_timeout=...) (or"
              + " httpx.AsyncClient(timeout=...))",
          "do not wait on threading locks or events in a handler: use"
              + " tornado.locks.Lock/tornado.locks.Event");
  static final LoopKind TWISTED =
      new LoopKind(
          "twisted",
          "callback",
          "replace time.sleep(...) with `await task.deferLater(reactor, seconds)` (or schedule the"
              + " rest with reactor.callLater).",
          "`threads.deferToThread(f, ...)`",
          "use a Twisted client (treq, twisted.web.client.Agent) and bound it with"
              + " Deferred.addTimeout(seconds, reactor)",
          "do not wait on threading locks in a reactor callback: use defer.DeferredLock or a"
              + " Deferred");
  static final LoopKind GEVENT =
      new LoopKind(
          "gevent",
          "greenlet",
          "use gevent.sleep(...), and run monkey.patch_all() first, before anything imports time.",
          "`gevent.get_hub().threadpool.apply(f, args)` (a real thread, so the hub keeps"
              + " serving the other greenlets)",
          "make the socket cooperative: run monkey.patch_all() before the client library is"
              + " imported, and bound the call with `with gevent.Timeout(seconds):`",
          "use gevent.lock.Semaphore/gevent.event.Event, or monkey-patch threading first");

  private static LoopKind anyio(String name) {
    return new LoopKind(
        name,
        "task",
        "replace time.sleep(...) with `await anyio.sleep(...)`; to wait for a condition, await an"
            + " anyio.Event under `with anyio.fail_after(seconds):`.",
        "`await anyio.to_thread.run_sync(f, ...)`",
        "use an async client (httpx.AsyncClient(timeout=...), `await anyio.connect_tcp(...)`)"
            + " under `with anyio.fail_after(seconds):`",
        "do not wait on threading locks or events in a task: use anyio.Lock/anyio.Event");
  }

  private static final List<Shape> SHAPES =
      List.of(
          new Shape(
              ASYNCIO,
              List.of(new Match("/asyncio/base_events.py", Set.of("_run_once", "run_forever"))),
              List.of(new Match("/selectors.py", Set.of("select")))),
          new Shape(
              UVLOOP,
              List.of(
                  new Match("/asyncio/runners.py", Set.of("Runner.run")),
                  new Match("/uvloop/__init__.py", Set.of("run")),
                  new Match("/uvicorn/_compat.py", Set.of("asyncio_run"))),
              List.of()),
          new Shape(
              TRIO,
              List.of(new Match("/trio/_core/_run.py", Set.of("unrolled_run", "run"))),
              List.of(
                  new Match("/trio/_core/_io_epoll.py", Set.of("get_events")),
                  new Match("/trio/_core/_io_kqueue.py", Set.of("get_events")),
                  new Match("/trio/_core/_io_windows.py", Set.of("get_events")))),
          new Shape(
              TWISTED,
              List.of(new Match("/twisted/internet/base.py", Set.of("mainLoop"))),
              List.of(
                  new Match("/twisted/internet/epollreactor.py", Set.of("doPoll")),
                  new Match("/twisted/internet/pollreactor.py", Set.of("doPoll")),
                  new Match("/twisted/internet/selectreactor.py", Set.of("doSelect")),
                  new Match("/twisted/internet/kqreactor.py", Set.of("doKEvent")))),
          new Shape(GEVENT, List.of(new Match("/gevent/hub.py", Set.of("Hub.run"))), List.of()));

  private static final List<Layer> LAYERS =
      List.of(
          new Layer(
              "asyncio", new Match("/anyio/_core/_eventloop.py", Set.of("run")), ANYIO_ASYNCIO),
          new Layer(
              "uvloop", new Match("/anyio/_core/_eventloop.py", Set.of("run")), ANYIO_ASYNCIO),
          new Layer("trio", new Match("/anyio/_core/_eventloop.py", Set.of("run")), ANYIO_TRIO),
          new Layer(
              "asyncio",
              new Match("/tornado/platform/asyncio.py", Set.of("BaseAsyncIOLoop.start", "start")),
              TORNADO),
          new Layer(
              "asyncio",
              new Match(
                  "/twisted/internet/asyncioreactor.py", Set.of("AsyncioSelectorReactor.run")),
              TWISTED));

  private EventLoops() {}

  /**
   * An event loop found on a thread's stack: which kind, its dispatch frame, and what runs on top
   * of it (empty when the loop waits in its poll).
   */
  public record LoopView(LoopKind kind, PythonFrame loopFrame, List<PythonFrame> running) {
    public LoopView {
      running = List.copyOf(running);
    }

    /** True when the loop waits in its poll: nothing of the program runs on it. */
    public boolean idle() {
      return running.isEmpty();
    }

    /** "the trio event loop thread", "the gevent hub's thread". */
    public String thread() {
      return kind == GEVENT
          ? "the gevent hub's thread"
          : "the " + kind.name() + " event loop thread";
    }

    /** "asyncio loop (BaseEventLoop._run_once on its stack)", "gevent hub thread (…)". */
    public String describe() {
      if (kind == GEVENT && !"Hub.run".equals(loopFrame.qualifiedName())) {
        return "gevent hub thread (it runs a greenlet, not Hub.run, down to "
            + loopFrame.qualifiedName()
            + ")";
      }
      return kind.name() + " event loop thread (" + loopFrame.qualifiedName() + " on its stack)";
    }
  }

  /** The loop on {@code frames}, when the thread runs one of the table's loops. */
  public static Optional<LoopView> read(List<PythonFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      PythonFrame frame = frames.get(i);
      for (Shape shape : SHAPES) {
        if (Match.any(shape.dispatch(), frame)) {
          List<PythonFrame> above = frames.subList(0, i);
          boolean polling = !above.isEmpty() && Match.any(shape.poll(), above.get(0));
          LoopKind kind = layered(shape.kind(), frames.subList(i, frames.size()));
          return Optional.of(new LoopView(kind, frame, polling ? List.of() : above));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The loop on {@code frames} as {@link #read(List)} finds it; and on the main thread of a process
   * known to run gevent, a stack with no loop and no entry frame at its bottom ({@code <module>}, a
   * thread's bootstrap, the interpreter's exit hooks): a greenlet running on the hub's thread.
   */
  public static Optional<LoopView> read(
      List<PythonFrame> frames, boolean mainThread, boolean geventProcess) {
    Optional<LoopView> loop = read(frames);
    if (loop.isPresent() || !mainThread || !geventProcess || frames.isEmpty()) {
      return loop;
    }
    PythonFrame outermost = frames.get(frames.size() - 1);
    boolean entry =
        "<module>".equals(outermost.function())
            || outermost.file() == null
            || outermost.file().startsWith("<")
            || (UserFrames.isLibrary(outermost.file()) && !isGevent(outermost));
    return entry ? Optional.empty() : Optional.of(new LoopView(GEVENT, outermost, frames));
  }

  /** True for a frame of gevent's own code. */
  public static boolean isGevent(PythonFrame frame) {
    return frame.file() != null && frame.file().contains("/gevent/");
  }

  /** True when one of {@code frames} is an event loop's own dispatch frame. */
  public static boolean runsEventLoop(List<PythonFrame> frames) {
    return read(frames).isPresent();
  }

  /**
   * The frames the loop is running on top of itself: everything innermost of its dispatch frame.
   * Empty when the thread runs no loop, or when the loop waits in its poll (idle).
   */
  public static List<PythonFrame> runningOnLoop(List<PythonFrame> frames) {
    return read(frames).map(LoopView::running).orElse(List.of());
  }

  /** The loop's dispatch frame ({@code BaseEventLoop._run_once}, uvicorn's runner, …). */
  public static PythonFrame loopFrame(List<PythonFrame> frames) {
    return read(frames)
        .map(LoopView::loopFrame)
        .orElseThrow(() -> new IllegalArgumentException("no event loop on this stack"));
  }

  private static LoopKind layered(LoopKind base, List<PythonFrame> fromLoopOut) {
    for (Layer layer : LAYERS) {
      if (layer.base().equals(base.name())
          && fromLoopOut.stream().anyMatch(f -> layer.marker().matches(f))) {
        return layer.kind();
      }
    }
    return base;
  }
}
