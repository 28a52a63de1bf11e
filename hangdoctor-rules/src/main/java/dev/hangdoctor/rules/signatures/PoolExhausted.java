package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.WorkerPools;
import dev.hangdoctor.rules.internal.WorkerPools.PoolKind;
import dev.hangdoctor.rules.internal.WorkerPools.Worker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every worker of a bounded pool blocked, unchanged, for the whole window, so new jobs queue for a
 * worker that never comes: anyio's 40 worker threads under FastAPI's {@code def} routes, a {@code
 * ThreadPoolExecutor}, gunicorn's gthread request threads, twisted's thread pool (the pools of
 * {@link WorkerPools}); and threads queueing for a connection of urllib3's {@code block=True}
 * connection pool whose connections are all held. One finding per pool, on its first worker, that
 * names the pool, its size where the library fixes it, the call the workers block in, the client
 * connections waiting, and the fix: a timeout on the blocking call first.
 */
final class PoolExhausted implements Rule {
  static final String ID = "pool-exhausted";
  static final int MIN_WORKERS = 2;

  private static final Pattern GUNICORN_THREADS = Pattern.compile("^--threads(?:=(\\d+))?$");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no pool had every worker blocked for the whole window";
  }

  /** A worker thread of a pool, its stack in the latest sample and where it blocks. */
  private record Held(ThreadActivity thread, Worker worker, List<PythonFrame> frames) {
    PythonFrame site() {
      return UserFrames.innermostUserFrame(frames).orElse(frames.get(0));
    }
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Map<String, List<Held>> pools = new LinkedHashMap<>();
    Map<String, Boolean> allStuck = new LinkedHashMap<>();
    List<ThreadActivity> threads = new ArrayList<>(inspection.window().threads());
    threads.sort(Comparator.comparingInt(ThreadActivity::tid));
    for (ThreadActivity thread : threads) {
      List<PythonFrame> frames = Lookup.frames(inspection.latest(), thread.tid());
      String name = Lookup.threadName(inspection, thread);
      Optional<Worker> worker = WorkerPools.read(frames, name);
      if (worker.isEmpty()) {
        continue;
      }
      String pool = worker.get().poolName();
      pools
          .computeIfAbsent(pool, p -> new ArrayList<>())
          .add(new Held(thread, worker.get(), frames));
      allStuck.merge(pool, stuckThroughout(inspection, thread, name), Boolean::logicalAnd);
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Held>> pool : pools.entrySet()) {
      List<Held> workers = pool.getValue();
      if (workers.size() < MIN_WORKERS || !allStuck.get(pool.getKey())) {
        continue;
      }
      PoolKind kind = workers.get(0).worker().kind();
      if (kind == WorkerPools.EXECUTOR && executorShutsDown(inspection)) {
        continue;
      }
      if (workers.stream().anyMatch(w -> runsAbandonedJob(inspection, w.thread()))) {
        continue;
      }
      OptionalInt size = size(inspection, kind);
      if (size.isPresent() && workers.size() < size.getAsInt()) {
        continue;
      }
      findings.add(poolFinding(inspection, pool.getKey(), kind, size, workers));
    }
    connectionPoolFinding(inspection).ifPresent(findings::add);
    return findings;
  }

  /**
   * True when the worker's job was given up by the task that awaited it (cancelled, timed out): the
   * workers are held by calls nobody waits for, which cancelled-thread-still-running names.
   */
  private static boolean runsAbandonedJob(Inspection inspection, ThreadActivity thread) {
    return Lookup.pythonThread(inspection.latest(), thread.tid())
        .map(t -> t.job() != null && t.job().knownCancelled())
        .orElse(false);
  }

  /**
   * True when a thread joins executor workers in {@code ThreadPoolExecutor.shutdown} or the
   * interpreter's exit hook: the pool takes no new work, so its blocked workers hold up the join
   * (executor-shutdown-blocks-loop, exit-joins-threads), not queued callers.
   */
  private static boolean executorShutsDown(Inspection inspection) {
    return inspection.latest().threads().stream()
        .flatMap(t -> Lookup.frames(inspection.latest(), t.tid()).stream())
        .anyMatch(
            f ->
                f.file() != null
                    && f.file().endsWith("/concurrent/futures/thread.py")
                    && ("shutdown".equals(f.function()) || "_python_exit".equals(f.function())));
  }

  /**
   * In the same kernel wait for the whole window without once waking up (no voluntary context
   * switch: a worker that sleeps briefly between jobs, at the same line each time, switches
   * hundreds of times).
   */
  private static boolean asleepThroughout(ThreadActivity thread) {
    return thread.waitUnchanged()
        && thread.voluntaryContextSwitchesDelta() == 0
        && thread.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
  }

  /** Busy in every sample, asleep in the same kernel wait throughout, at the same line. */
  private static boolean stuckThroughout(
      Inspection inspection, ThreadActivity thread, String name) {
    if (!asleepThroughout(thread)) {
      return false;
    }
    PythonFrame site = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      List<PythonFrame> frames = Lookup.frames(sample, thread.tid());
      Optional<Worker> worker = WorkerPools.read(frames, name);
      if (worker.isEmpty() || !worker.get().busy()) {
        return false;
      }
      PythonFrame here = UserFrames.innermostUserFrame(frames).orElse(frames.get(0));
      if (site != null && !sameLine(site, here)) {
        return false;
      }
      site = here;
    }
    return site != null;
  }

  private static boolean sameLine(PythonFrame a, PythonFrame b) {
    return Objects.equals(a.file(), b.file())
        && Objects.equals(a.qualifiedName(), b.qualifiedName())
        && a.line() == b.line();
  }

  /** The pool's size where it is known: the library's default, or gunicorn's --threads. */
  private static OptionalInt size(Inspection inspection, PoolKind kind) {
    if (kind == WorkerPools.GUNICORN_THREADS) {
      List<String> args = inspection.latest().process().cmdline();
      for (int i = 0; i < args.size(); i++) {
        Matcher m = GUNICORN_THREADS.matcher(args.get(i));
        if (m.matches()) {
          String value =
              m.group(1) != null ? m.group(1) : i + 1 < args.size() ? args.get(i + 1) : "";
          try {
            return OptionalInt.of(Integer.parseInt(value));
          } catch (NumberFormatException e) {
            return OptionalInt.empty();
          }
        }
      }
      return OptionalInt.empty();
    }
    return kind.defaultSize();
  }

  private static Finding poolFinding(
      Inspection inspection, String pool, PoolKind kind, OptionalInt size, List<Held> workers) {
    Held first = workers.get(0);
    PythonFrame site = first.site();
    String siteText = UserFrames.location(site) + " (" + site.qualifiedName() + ")";
    int n = workers.size();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "the pool is exhausted: "
            + n
            + " of "
            + (size.isPresent() ? size.getAsInt() : n)
            + " workers of "
            + pool
            + " blocked for all of "
            + Lookup.window(inspection)
            + (size.isPresent() ? "" : " (every thread the pool has; none is idle)"));
    Map<String, Integer> sites = new LinkedHashMap<>();
    for (Held held : workers) {
      PythonFrame at = held.site();
      String where =
          innermostCall(held.frames())
              + " at "
              + UserFrames.location(at)
              + " ("
              + at.qualifiedName()
              + "), "
              + held.thread().kernelWait().syscall().name();
      sites.merge(where, 1, Integer::sum);
    }
    sites.forEach((where, count) -> evidence.add(count + " blocked in " + where + ", unchanged"));
    evidence.add(
        "first of them: "
            + Lookup.threadName(inspection, first.thread())
            + " (tid "
            + first.thread().tid()
            + ") in "
            + Lookup.waitAndSocket(inspection, first.thread()));
    waitingClients(inspection.latest(), n).ifPresent(evidence::add);

    String explanation =
        "Every worker of "
            + pool
            + " is blocked in a call that does not return, so the pool has no worker left: each"
            + " new job queues for one that never comes"
            + (kind == WorkerPools.ANYIO
                ? ". Every other `def` route and dependency (a /health endpoint too) waits for a"
                    + " token of the same limiter, while the event loop itself stays idle."
                : "; callers wait as long as the blocked calls do.");
    String fix =
        "At "
            + siteText
            + ": "
            + TimeoutAdvice.forCall(first.frames(), first.thread().kernelWait().syscall())
            + ", so a stuck call frees its worker; then "
            + kind.enlargeFix()
            + ".";
    List<PythonFrame> keyFrames = new ArrayList<>(UserFrames.keyFrames(first.frames()));
    return new Finding(
        ID,
        "worker pool exhausted",
        Confidence.HIGH,
        first.thread().tid(),
        Lookup.threadName(inspection, first.thread()),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** "SocketIO.readinto": the innermost library frame, the call the worker is inside. */
  private static String innermostCall(List<PythonFrame> frames) {
    PythonFrame innermost = frames.get(0);
    return UserFrames.isLibrary(innermost.file()) ? innermost.qualifiedName() : "its own code";
  }

  /**
   * "12 client connections are open on port 8000 while every worker is blocked": connections this
   * server accepted beyond those the blocked workers serve wait for a worker.
   */
  private static Optional<String> waitingClients(ProcessSnapshot snapshot, int busy) {
    Set<Integer> ports = snapshot.listeningPorts();
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    List<SocketEntry> accepted =
        snapshot.sockets().stream()
            .filter(s -> s.state() == SocketState.ESTABLISHED && s.acceptedOn(ports))
            .toList();
    long queued =
        snapshot.sockets().stream()
            .filter(s -> s.state() == SocketState.LISTEN && s.receiveQueue() != null)
            .mapToLong(SocketEntry::receiveQueue)
            .sum();
    if (accepted.isEmpty() && queued == 0) {
      return Optional.empty();
    }
    String ports0 =
        ports.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
    return Optional.of(
        accepted.size()
            + " client connection(s) open on port "
            + ports0
            + (queued > 0 ? " and " + queued + " more not yet accepted" : "")
            + " while "
            + busy
            + " workers are blocked: requests beyond those the workers hold wait for a worker");
  }

  /**
   * Threads queueing in urllib3's {@code HTTPConnectionPool._get_conn} ({@code block=True}, no
   * {@code pool_timeout}) for the whole window: every connection of the pool is held, by responses
   * that were never released.
   */
  private static Optional<Finding> connectionPoolFinding(Inspection inspection) {
    List<ThreadActivity> waiting = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      boolean always =
          asleepThroughout(thread)
              && inspection.samples().stream()
                  .allMatch(s -> getsConnection(Lookup.frames(s, thread.tid())));
      if (always) {
        waiting.add(thread);
      }
    }
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    waiting.sort(Comparator.comparingInt(ThreadActivity::tid));
    ThreadActivity first = waiting.get(0);
    List<PythonFrame> frames = Lookup.frames(inspection.latest(), first.tid());
    Optional<PythonFrame> user = UserFrames.innermostUserFrame(frames);
    String siteText =
        user.map(f -> UserFrames.location(f) + " (" + f.qualifiedName() + ")")
            .orElse("the request");
    long open =
        inspection.latest().sockets().stream()
            .filter(s -> s.protocol().isTcp() && s.remote() != null)
            .filter(
                s -> s.state() == SocketState.ESTABLISHED || s.state() == SocketState.CLOSE_WAIT)
            .filter(s -> !s.acceptedOn(inspection.latest().listeningPorts()))
            .count();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "the pool is exhausted: "
            + waiting.size()
            + " thread(s) wait in urllib3's HTTPConnectionPool._get_conn for a free connection,"
            + " for all of "
            + Lookup.window(inspection)
            + " (a block=True pool with no pool_timeout)");
    evidence.add(
        Lookup.threadName(inspection, first)
            + " (tid "
            + first.tid()
            + ") in "
            + first.kernelWait().describe()
            + " at "
            + siteText);
    evidence.add(
        open
            + " client connection(s) open and idle in this process: the pool's connections are"
            + " checked out, by responses nobody released");
    return Optional.of(
        new Finding(
            ID,
            "connection pool exhausted",
            Confidence.HIGH,
            first.tid(),
            Lookup.threadName(inspection, first),
            UserFrames.keyFrames(frames),
            evidence,
            "Every connection of urllib3's pool is checked out and was never given back (a"
                + " response read with preload_content=False and never released or closed), and"
                + " the pool was made with block=True: each new request waits in _get_conn for a"
                + " connection that never returns to the pool.",
            "At "
                + siteText
                + ": release every response (`with http.request(..., preload_content=False) as"
                + " r:`, or `r.release_conn()` in a finally), and pass pool_timeout= to each"
                + " request (`http.request(..., pool_timeout=10)`) so a waiter fails with"
                + " EmptyPoolError instead of hanging."));
  }

  private static boolean getsConnection(List<PythonFrame> frames) {
    return frames.stream()
        .anyMatch(
            f ->
                f.file() != null
                    && f.file().endsWith("/urllib3/connectionpool.py")
                    && "_get_conn".equals(f.function()));
  }
}
