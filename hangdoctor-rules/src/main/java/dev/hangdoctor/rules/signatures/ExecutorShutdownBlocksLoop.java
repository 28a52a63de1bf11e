package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.EventLoops;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An event loop thread stuck in {@code ThreadPoolExecutor.shutdown(wait=True)} — usually the
 * implicit one of leaving a {@code with ThreadPoolExecutor()} block inside a coroutine — joining
 * pool workers that sit in blocking calls. The loop serves nothing until they return, so every
 * request on it (a health check too) hangs. HIGH when the loop thread's join is unchanged for the
 * window and at least one pool worker is blocked, unchanged; MEDIUM when the workers are not
 * blocked (they compute) or could not be found.
 *
 * <p>The join looks different per CPython: 3.11 and 3.12 show {@code Thread.join} → {@code
 * Thread._wait_for_tstate_lock}, 3.13 joins in C below {@code Thread.join}; all wait in a futex.
 */
final class ExecutorShutdownBlocksLoop implements Rule {
  static final String ID = "executor-shutdown-blocks-loop";

  private static final Pattern POOL_THREAD_NAME = Pattern.compile(".*-\\d+_\\d+");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (thread.waitUnchanged() && stuckInShutdownThroughout(inspection, thread.tid())) {
        List<PythonFrame> frames =
            Lookup.pythonThread(inspection.latest(), thread.tid()).orElseThrow().frames();
        findings.add(finding(inspection, thread, frames));
      }
    }
    return findings;
  }

  /** True when {@code frames} are an event loop joining its pool in {@code shutdown}. */
  static boolean joinsPoolOnLoop(List<PythonFrame> frames) {
    List<PythonFrame> onLoop = EventLoops.runningOnLoop(frames);
    return !onLoop.isEmpty() && isJoin(onLoop.get(0)) && shutdownFrame(onLoop).isPresent();
  }

  private static boolean stuckInShutdownThroughout(Inspection inspection, int tid) {
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> python = Lookup.pythonThread(sample, tid);
      if (python.isEmpty() || !joinsPoolOnLoop(python.get().frames())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJoin(PythonFrame frame) {
    return isIn(frame, "/threading.py")
        && ("join".equals(frame.function()) || "_wait_for_tstate_lock".equals(frame.function()));
  }

  private static Optional<PythonFrame> shutdownFrame(List<PythonFrame> frames) {
    return frames.stream()
        .filter(f -> isIn(f, "/concurrent/futures/thread.py") && "shutdown".equals(f.function()))
        .findFirst();
  }

  private static boolean leavesWithBlock(List<PythonFrame> frames) {
    return frames.stream()
        .anyMatch(f -> isIn(f, "/concurrent/futures/_base.py") && "__exit__".equals(f.function()));
  }

  private static boolean isIn(PythonFrame frame, String fileSuffix) {
    return frame.file() != null && frame.file().endsWith(fileSuffix);
  }

  /** A pool worker thread running a task, with its stack and whether it sat still. */
  private record Worker(ThreadActivity thread, String name, List<PythonFrame> frames) {
    boolean blocked() {
      return thread.waitUnchanged()
          && thread.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
    }
  }

  private static List<Worker> busyWorkers(Inspection inspection, int loopTid) {
    List<Worker> workers = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (thread.tid() == loopTid) {
        continue;
      }
      Optional<PythonThread> python = Lookup.pythonThread(inspection.latest(), thread.tid());
      List<PythonFrame> frames = python.map(PythonThread::frames).orElse(List.of());
      String name = Lookup.threadName(inspection, thread);
      boolean poolThread =
          frames.isEmpty()
              ? POOL_THREAD_NAME.matcher(name).matches()
              : frames.stream()
                  .anyMatch(
                      f ->
                          isIn(f, "/concurrent/futures/thread.py")
                              && "_worker".equals(f.function()));
      boolean runningTask =
          frames.isEmpty()
              || frames.stream()
                  .anyMatch(
                      f -> isIn(f, "/concurrent/futures/thread.py") && "run".equals(f.function()));
      if (poolThread && runningTask) {
        workers.add(new Worker(thread, name, frames));
      }
    }
    return workers;
  }

  private static Finding finding(
      Inspection inspection, ThreadActivity loop, List<PythonFrame> frames) {
    List<PythonFrame> onLoop = EventLoops.runningOnLoop(frames);
    PythonFrame shutdown = shutdownFrame(onLoop).orElseThrow();
    Optional<PythonFrame> user = UserFrames.innermostUserFrame(onLoop);
    List<PythonFrame> keyFrames = new ArrayList<>();
    user.ifPresent(keyFrames::add);
    keyFrames.add(shutdown);
    keyFrames.add(frames.get(0));

    List<Worker> workers = busyWorkers(inspection, loop.tid());
    List<Worker> blocked = workers.stream().filter(Worker::blocked).toList();
    boolean withBlock = leavesWithBlock(onLoop);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        "event loop thread ("
            + EventLoops.loopFrame(frames).qualifiedName()
            + " on its stack) is not in its selector: it waits in "
            + (withBlock ? "Executor.__exit__ → " : "")
            + "ThreadPoolExecutor.shutdown(wait=True) → "
            + frames.get(0).qualifiedName()
            + " ("
            + UserFrames.location(frames.get(0))
            + ")");
    evidence.add(loop.kernelWait().describe() + ", unchanged in all " + Lookup.window(inspection));
    for (Worker worker : workers) {
      evidence.add(workerLine(inspection, worker));
    }
    if (workers.isEmpty()) {
      evidence.add("no pool worker thread running a task was found");
    }

    Optional<String> where = user.map(f -> UserFrames.location(f) + " (" + f.qualifiedName() + ")");
    Optional<PythonFrame> workerCall =
        blocked.isEmpty()
            ? Optional.empty()
            : UserFrames.innermostUserFrame(blocked.get(0).frames());
    String explanation =
        (withBlock
                ? "Leaving the `with ThreadPoolExecutor()` block"
                : "The call to ThreadPoolExecutor.shutdown()")
            + (user.isPresent() ? " at " + where.get() : "")
            + " waits for every worker of the pool to finish, and it does so on the event loop"
            + " thread. "
            + (blocked.isEmpty()
                ? "The workers are still busy, so the loop"
                : blocked.size()
                    + " worker(s) are blocked in a call that does not return, so the loop")
            + " runs no other task, callback or new connection meanwhile: every request on this"
            + " server, health checks included, hangs.";
    StringBuilder fix = new StringBuilder();
    fix.append(
        user.isPresent()
            ? "At " + where.get() + ": do not shut a pool down on the event loop."
            : "Do not shut a pool down on the event loop.");
    fix.append(
        " Create the ThreadPoolExecutor once at startup (module level or the app's lifespan) and"
            + " reuse it; submit with `await loop.run_in_executor(pool, ...)` and cancel the futures"
            + " when the client disconnects or the await times out; if a pool must be per request,"
            + " replace the with-block by try/finally with"
            + " `pool.shutdown(wait=False, cancel_futures=True)` in the finally.");
    workerCall.ifPresentOrElse(
        call ->
            fix.append(" And give the workers' blocking call at ")
                .append(UserFrames.location(call))
                .append(" (")
                .append(call.qualifiedName())
                .append(") a timeout (sock.settimeout(seconds), timeout=...) so they end."),
        () -> fix.append(" And bound the workers' calls with timeouts so they end."));
    return new Finding(
        ID,
        "event loop blocked in executor shutdown",
        !blocked.isEmpty() ? Confidence.HIGH : Confidence.MEDIUM,
        loop.tid(),
        Lookup.threadName(inspection, loop),
        keyFrames,
        evidence,
        explanation,
        fix.toString());
  }

  private static String workerLine(Inspection inspection, Worker worker) {
    String at =
        UserFrames.innermostUserFrame(worker.frames())
            .map(f -> " in " + f.qualifiedName() + " (" + UserFrames.location(f) + ")")
            .orElse("");
    String head = "pool worker " + worker.name() + " (tid " + worker.thread().tid() + ")";
    if (!worker.blocked()) {
      return String.format(
          Locale.ROOT, "%s running a task%s, %.0f %% CPU", head, at, worker.thread().cpuPercent());
    }
    String socket =
        Waits.readFd(worker.thread().kernelWait().syscall()).stream()
            .boxed()
            .findFirst()
            .flatMap(fd -> Lookup.socket(inspection.latest(), fd))
            .map(s -> " on " + Lookup.describe(s))
            .orElse("");
    return head
        + " blocked in "
        + worker.thread().kernelWait().describe()
        + socket
        + at
        + ", unchanged";
  }
}
