package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.evidence.AsyncLoop;
import dev.hangdoctor.evidence.AsyncTask;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.TaskFrame;
import dev.hangdoctor.evidence.TaskWait;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the tasks of every trio run in the process (anyio on trio included: its tasks are trio
 * tasks): the {@code runner} local of {@code trio.run}'s frame on the thread running trio, its
 * {@code tasks} set, each task's name, coroutine chain, parent (the task owning its nursery) and
 * what it waits on ({@link TrioWaitClassifier}). Checked on trio 0.35; guest mode ({@code
 * start_guest_run}) has no {@code run} frame and is not read.
 */
final class TrioTaskReader {
  private static final int MAX_TASKS = 200_000;

  private final RemoteMemory memory;
  private final ObjectReader objects;
  private final FrameAccess frames;
  private final AwaitChainReader chains;
  private final SourceLines sources;
  private final WaitClassifier functions;
  private final AsyncioLayout layout;

  /** What one read found: the runners (as loops), their tasks, and each task's await chain. */
  record TrioGraph(
      List<AsyncLoop> runners, Map<Long, AsyncTask> tasks, Map<Long, AwaitChain> chains) {}

  TrioTaskReader(
      RemoteMemory memory,
      ObjectReader objects,
      FrameAccess frames,
      AsyncioLayout layout,
      SourceLines sources,
      WaitClassifier functions) {
    this.memory = memory;
    this.objects = objects;
    this.frames = frames;
    this.layout = layout;
    this.chains = new AwaitChainReader(memory, objects, frames, layout);
    this.sources = sources;
    this.functions = functions;
  }

  TrioGraph read(List<FrameAccess.ThreadFrames> threads) throws MemoryReadException {
    List<AsyncLoop> runners = new ArrayList<>();
    Map<Long, AsyncTask> tasks = new LinkedHashMap<>();
    Map<Long, AwaitChain> chainsByTask = new HashMap<>();
    Map<Long, Integer> workers = toThreadWorkers(threads);
    for (FrameAccess.ThreadFrames thread : threads) {
      long runner = runnerOf(thread);
      if (runner == 0) {
        continue;
      }
      runners.add(new AsyncLoop(runner, AsyncLoop.TRIO, thread.nativeThreadId()));
      TrioWaitClassifier classifier =
          new TrioWaitClassifier(objects, frames, functions, workers, trioNow(runner));
      Set<Long> ready =
          new HashSet<>(objects.dequeItems(objects.attribute(runner, "runq"), MAX_TASKS));
      for (long task : objects.setMembers(objects.attribute(runner, "tasks"), MAX_TASKS)) {
        AwaitChain chain = chains.read(objects.attribute(task, "coro"));
        chainsByTask.put(task, chain);
        tasks.put(task, task(task, runner, thread.nativeThreadId(), chain, ready, classifier));
      }
    }
    return new TrioGraph(runners, tasks, chainsByTask);
  }

  private AsyncTask task(
      long task,
      long runner,
      int nativeThreadId,
      AwaitChain chain,
      Set<Long> ready,
      TrioWaitClassifier classifier)
      throws MemoryReadException {
    String name = objects.str(objects.attribute(task, "name")).orElse("?");
    long parentNursery = objects.attribute(task, "_parent_nursery");
    long parent = parentNursery == 0 ? 0 : objects.attribute(parentNursery, "_parent_task");
    List<Long> awaitedBy = parent == 0 ? List.of() : List.of(parent);
    if (chain.executing()) {
      return new AsyncTask(
          task,
          name,
          AsyncTask.State.RUNNING,
          runner,
          nativeThreadId,
          List.of(),
          null,
          awaitedBy,
          0);
    }
    List<TaskFrame> stack = stack(chain);
    if (ready.contains(task)) {
      return new AsyncTask(
          task, name, AsyncTask.State.READY, runner, nativeThreadId, stack, null, awaitedBy, 0);
    }
    TaskWait wait = classifier.classify(chain, effectiveDeadline(task));
    AsyncTask.State state =
        wait != null
            ? AsyncTask.State.WAITING
            : chain.frames().size() == 1 && createdNotStarted(chain)
                ? AsyncTask.State.CREATED
                : AsyncTask.State.READY;
    return new AsyncTask(
        task, name, state, runner, nativeThreadId, stack, wait, awaitedBy, cancelling(task));
  }

  /** 1 when the task's cancel scope has been cancelled (a cancellation is on its way), else 0. */
  private int cancelling(long task) {
    long status = objects.attribute(task, "_cancel_status");
    long effectively = status == 0 ? 0 : objects.attribute(status, "effectively_cancelled");
    return objects.integer(effectively).orElse(0L) == 1 ? 1 : 0;
  }

  /**
   * The earliest deadline (trio clock) of the cancel scopes the task is inside, up to the first
   * shielded one; null when none has a finite deadline.
   */
  private Double effectiveDeadline(long task) {
    Double earliest = null;
    long status = objects.attribute(task, "_cancel_status");
    for (int depth = 0; status != 0 && depth < 256; depth++) {
      long scope = objects.attribute(status, "_scope");
      if (scope != 0) {
        Optional<Double> deadline = objects.floatValue(objects.attribute(scope, "_deadline"));
        if (deadline.isPresent()
            && !deadline.get().isInfinite()
            && (earliest == null || deadline.get() < earliest)) {
          earliest = deadline.get();
        }
        if (objects.integer(objects.attribute(scope, "_shield")).orElse(0L) == 1) {
          break;
        }
      }
      status = objects.attribute(status, "_parent");
    }
    return earliest;
  }

  /**
   * trio's clock now: {@code SystemClock} is {@code time.perf_counter()} (CLOCK_MONOTONIC, as
   * {@link System#nanoTime()} on Linux) plus the clock's {@code offset}; null for another clock.
   */
  private Double trioNow(long runner) {
    long clock = objects.attribute(runner, "clock");
    if (clock == 0 || !objects.typeName(clock).equals("SystemClock")) {
      return null;
    }
    return objects
        .floatValue(objects.attribute(clock, "offset"))
        .map(offset -> System.nanoTime() / 1e9 + offset)
        .orElse(null);
  }

  /** The {@code runner} local of {@code trio.run}'s frame on this thread, or 0. */
  private long runnerOf(FrameAccess.ThreadFrames thread) throws MemoryReadException {
    for (FrameAccess.AddressedFrame frame : thread.frames()) {
      PythonFrame code = frame.frame();
      if (code.function().equals("run") && code.file().endsWith("trio/_core/_run.py")) {
        long runner = frames.local(frame.address(), "runner");
        if (runner != 0 && objects.typeName(runner).equals("Runner")) {
          return runner;
        }
      }
    }
    return 0;
  }

  /**
   * The worker threads of trio's thread cache running a job: the job's {@code deliver} callback
   * (which {@code to_thread_run_sync} holds as {@code deliver_worker_fn_result}) → the thread.
   */
  private Map<Long, Integer> toThreadWorkers(List<FrameAccess.ThreadFrames> threads)
      throws MemoryReadException {
    Map<Long, Integer> workers = new HashMap<>();
    for (FrameAccess.ThreadFrames thread : threads) {
      for (FrameAccess.AddressedFrame frame : thread.frames()) {
        PythonFrame code = frame.frame();
        if (code.function().equals("_handle_job")
            && code.file().endsWith("trio/_core/_thread_cache.py")) {
          long deliver = frames.local(frame.address(), "deliver");
          if (deliver != 0) {
            workers.put(deliver, thread.nativeThreadId());
          }
        }
      }
    }
    return workers;
  }

  private boolean createdNotStarted(AwaitChain chain) throws MemoryReadException {
    long coroutine = chain.frames().get(0).owner();
    int state = memory.read(coroutine + layout.genFrameState(), 1)[0];
    return state == (layout.minor() >= 13 ? -3 : -2);
  }

  /**
   * The task's frames for people: the chain without the two trap frames every parked trio task ends
   * in ({@code wait_task_rescheduled > _real_async_yield}), so its innermost frame says what it
   * waits in ({@code Event.wait}, {@code ParkingLot.park}, {@code to_thread_run_sync}).
   */
  private List<TaskFrame> stack(AwaitChain chain) {
    List<TaskFrame> stack = new ArrayList<>();
    for (AwaitChain.ChainFrame frame : chain.frames()) {
      PythonFrame code = frame.frame();
      if (code.file().endsWith("trio/_core/_traps.py")) {
        continue;
      }
      stack.add(new TaskFrame(code, sources.line(code.file(), code.line())));
    }
    return stack;
  }
}
