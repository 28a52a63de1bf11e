package dev.hangdoctor.rules.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Inspection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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

  /** replica_poller.py: a client leaving two connections per poll in CLOSE_WAIT, 25 ms apart. */
  public static final String CLOSE_WAIT_CLIENT = "close-wait-client";

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

  /** mutexes.c deadlock: "transfer-ab" (18323) and "transfer-ba" (18324) in an ABBA deadlock. */
  public static final String MUTEX_DEADLOCK = "mutex-deadlock";

  /** mutexes.c long-wait: "transfer-ab" (18612) waits for a mutex "auditor" (18613) sleeps with. */
  public static final String MUTEX_LONG_WAIT = "mutex-long-wait";

  /** transfers.py: "to-checking" (18676) and "to-savings" (18677) deadlocked on threading.Lock. */
  public static final String PYTHON_LOCK_DEADLOCK = "python-lock-deadlock";

  /** price_cache.py: "price-reader" (18772) waits for a lock "refresher" (18771) sleeps with. */
  public static final String PYTHON_LONG_LOCK_WAIT = "python-long-lock-wait";

  /** sleeping_daemon.c: main thread in pause(), "housekeeper" sleeping 1 s at a time. */
  public static final String SLEEPING_DAEMON = "sleeping-daemon";

  /** Tree: export_report.py in Popen.wait() on report_writer.py blocked writing a full pipe. */
  public static final String PIPE_DEADLOCK = "pipe-deadlock";

  /** Tree: pipe_deadlock.c, the same in C (waitpid before reading the child's pipe). */
  public static final String C_PIPE_DEADLOCK = "c-pipe-deadlock";

  /** A parent joining one writer of a multiprocessing.Queue while another blocks in its pipe. */
  public static final String MP_QUEUE_JOIN = "mp-queue-join";

  /** Tree: run_fetcher.py in subprocess.run(capture_output=True) on fetch_quote.py in recv(). */
  public static final String STUCK_CHILD = "stuck-child";

  /** Tree: tree.c relock, waitpid → waitpid → a grandchild relocking its own mutex. */
  public static final String TREE_RELOCK = "tree-relock";

  /** Tree: run_worker.py in Popen.wait() on batch_worker.py, which works in small steps. */
  public static final String HEALTHY_PARENT = "healthy-parent";

  /**
   * Tree: the corpus's backup_agent.py on CPython 3.12.1: "manifest-sync" (tid 18073) reads the
   * error pipe in subprocess.run; its preexec_fn child (PID 18078) waits for a config lock it
   * inherited held across fork, and alone holds the pipe's write end.
   */
  public static final String PREEXEC_CHILD = "preexec-fn-child";

  /** threads.c stopped with kill -STOP: every thread in state T. */
  public static final String PROCESS_STOPPED = "process-stopped";

  /** threads.c held by the testkit's tracer (PID 23510): every thread in state t. */
  public static final String PROCESS_TRACED = "process-traced";

  /** export_job.py, a background job stopped by SIGTTIN in input() on its terminal. */
  public static final String PROCESS_SIGTTIN = "process-sigttin";

  /** Every single-process recording, for negative cases. */
  public static final List<String> ALL =
      List.of(
          BLOCKING_RECV,
          NATIVE_SPINNER,
          PYTHON_SPIN,
          SOCKETS,
          FD_LEAK,
          CLOSE_WAIT_CLIENT,
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
          BUSY_WORKER,
          MUTEX_DEADLOCK,
          MUTEX_LONG_WAIT,
          PYTHON_LOCK_DEADLOCK,
          PYTHON_LONG_LOCK_WAIT,
          SLEEPING_DAEMON);

  /** Every process-tree recording. */
  public static final List<String> TREES =
      List.of(
          PIPE_DEADLOCK,
          C_PIPE_DEADLOCK,
          MP_QUEUE_JOIN,
          STUCK_CHILD,
          TREE_RELOCK,
          HEALTHY_PARENT,
          PREEXEC_CHILD);

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Fixtures() {}

  /**
   * A process-tree recording: {@code NAME.json} is the root, {@code NAME.1.json}, {@code
   * NAME.2.json}, … its descendants, inspected over the same window.
   */
  public static Tree loadTree(String name) {
    List<Inspection> descendants = new ArrayList<>();
    for (int i = 1;
        Fixtures.class.getResource("/evidence/" + name + "." + i + ".json") != null;
        i++) {
      descendants.add(load(name + "." + i));
    }
    return new Tree(load(name), descendants);
  }

  /** A root inspection and its descendants'. */
  public record Tree(Inspection root, List<Inspection> descendants) {
    /** The verdict of every known signature on the whole tree. */
    public Diagnosis diagnose() {
      return KnownSignatures.engine().diagnose(root, descendants);
    }
  }

  /** The 1-based line of {@code evidence/targets/SCRIPT} that carries {@code # hangs here}. */
  public static int hangsHere(String script) {
    String resource = "/evidence/targets/" + script;
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no target script " + resource);
      }
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .collect(Collectors.toList());
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("# hangs here")) {
          return i + 1;
        }
      }
      throw new IllegalArgumentException(resource + " has no '# hangs here' marker");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  /** The recorded evidence {@code name} as JSON, to be edited and read with {@link #read}. */
  public static ObjectNode json(String name) {
    String resource = "/evidence/" + name + ".json";
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded evidence " + resource);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  /** An inspection from (edited) recorded evidence. */
  public static Inspection read(JsonNode evidence) {
    try {
      return MAPPER.treeToValue(evidence, Inspection.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading edited evidence", e);
    }
  }

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
