package dev.hangdoctor.rules.signatures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hangdoctor.evidence.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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
