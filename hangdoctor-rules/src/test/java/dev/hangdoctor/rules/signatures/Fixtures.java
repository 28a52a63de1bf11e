package dev.hangdoctor.rules.signatures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hangdoctor.evidence.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Recorded evidence from {@code src/test/resources/evidence/} (see the README there). */
public final class Fixtures {
  /** A worker thread recv()s on a TCP socket whose peer never answers (client.py). */
  public static final String BLOCKING_RECV = "blocking-recv";

  /** threads.c: a native spinner at ~90 % CPU beside a pipe reader, a sleeper and pause(). */
  public static final String NATIVE_SPINNER = "threads-spinner";

  /** spin.py: a Python thread polling a flag in a busy loop. */
  public static final String PYTHON_SPIN = "python-spin";

  /** sockets.c: 40 CLOSE_WAIT sockets, 4242 unread bytes on fd 7, a full send queue. */
  public static final String SOCKETS = "sockets";

  /** fd_leak.py: opens a pipe every 30 ms and never closes it. */
  public static final String FD_LEAK = "fd-leak";

  /** idle_loop.py: a healthy asyncio server idle in epoll_wait. */
  public static final String HEALTHY_ASYNCIO = "idle-asyncio";

  /**
   * quote_service.py on CPython 3.11.7: the asyncio loop (MainThread, tid 17387) left a {@code with
   * ThreadPoolExecutor()} block and joins 4 workers blocked in recvfrom.
   */
  public static final String EXECUTOR_SHUTDOWN_ASYNCIO = "executor-shutdown-asyncio";

  /** The same on CPython 3.13.0 (tid 17548), whose join has no {@code _wait_for_tstate_lock}. */
  public static final String EXECUTOR_SHUTDOWN_ASYNCIO_313 = "executor-shutdown-asyncio-313";

  /** quote_api.py: uvicorn + FastAPI, a streaming route stuck the same way (tid 16554). */
  public static final String EXECUTOR_SHUTDOWN_FASTAPI = "executor-shutdown-fastapi";

  /** export_service.py: a coroutine polls with time.sleep on the loop thread (tid 7393). */
  public static final String LOOP_BLOCKED_SLEEP = "loop-blocked-sleep";

  /** stock_api.py: an async FastAPI route calls urlopen on a silent server (tid 16949). */
  public static final String LOOP_BLOCKED_URLOPEN = "loop-blocked-fastapi-urlopen";

  /** idle_api.py: an idle uvicorn + FastAPI server. */
  public static final String HEALTHY_FASTAPI = "idle-fastapi";

  /** order_scorer.py: a busy worker scoring orders through changing frames. */
  public static final String BUSY_WORKER = "busy-worker";

  /** report_uploader.py: main in threading._shutdown, non-daemon thread in recv() (3.11.7). */
  public static final String EXIT_THREAD_RECV = "exit-thread-recv";

  /**
   * pool_consumer.py: main in concurrent.futures' exit hook, pool worker in queue.get() (3.11.7).
   */
  public static final String EXIT_POOL_WORKER = "exit-pool-worker";

  /** pool_consumer.py on CPython 3.13.0, where join() is a C call below Thread.join. */
  public static final String EXIT_POOL_WORKER_313 = "exit-pool-worker-3.13";

  /** A real pytest run stuck in a session fixture's teardown, urlopen() without a timeout. */
  public static final String FIXTURE_TEARDOWN = "fixture-teardown-http";

  /** A real pytest run stuck in a session fixture's setup, urlopen() without a timeout. */
  public static final String FIXTURE_SETUP = "fixture-setup-http";

  /** pydll_sleep.py: device-poller holds the GIL in libc sleep() called through ctypes.PyDLL. */
  public static final String GIL_PYDLL_SLEEP = "gil-pydll-sleep";

  /** regex_backtrack.py: log-filter holds the GIL in a catastrophically backtracking regex. */
  public static final String GIL_REGEX = "gil-regex";

  /** sleeper.py: healthy; main in time.sleep(1), an idle worker in queue.get(). */
  public static final String HEALTHY_SLEEPER = "healthy-sleeper";

  /** Every recording, for negative cases. */
  public static final List<String> ALL =
      List.of(
          BLOCKING_RECV,
          NATIVE_SPINNER,
          PYTHON_SPIN,
          SOCKETS,
          FD_LEAK,
          HEALTHY_ASYNCIO,
          EXIT_THREAD_RECV,
          EXIT_POOL_WORKER,
          EXIT_POOL_WORKER_313,
          FIXTURE_TEARDOWN,
          FIXTURE_SETUP,
          GIL_PYDLL_SLEEP,
          GIL_REGEX,
          HEALTHY_SLEEPER,
          EXECUTOR_SHUTDOWN_ASYNCIO,
          EXECUTOR_SHUTDOWN_ASYNCIO_313,
          EXECUTOR_SHUTDOWN_FASTAPI,
          LOOP_BLOCKED_SLEEP,
          LOOP_BLOCKED_URLOPEN,
          HEALTHY_FASTAPI,
          BUSY_WORKER);

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Fixtures() {}

  public static Inspection load(String name) {
    String resource = "/evidence/" + name + ".json";
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded evidence " + resource);
      }
      return MAPPER.readValue(in, Inspection.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
