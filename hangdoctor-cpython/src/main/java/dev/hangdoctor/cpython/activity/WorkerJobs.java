package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.cpython.walker.FrameRef;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.WorkerJob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads whether the async task that handed a worker thread its job still waits for it. Three
 * hand-offs are known (facts: {@code asyncio-internals.md} sections 1 and 3.4, trio's {@code
 * _threads.py}): {@code loop.run_in_executor}/{@code asyncio.to_thread}, whose concurrent future
 * (the {@code _WorkItem.run} frame's {@code self.future}) carries a done-callback whose closure
 * holds the asyncio future the task awaits — {@code CANCELLED} once the task was cancelled or its
 * {@code wait_for} timed out; anyio's asyncio worker, whose {@code WorkerThread.run} frame holds
 * that future as {@code future}; and {@code trio.to_thread.run_sync} (also anyio's trio backend),
 * whose {@code worker_fn} closes over {@code cancel_register} (filled when a cancel reached the
 * task) and {@code task_register} (emptied when the task abandoned the thread). On anyio's asyncio
 * backend the task's wait is shielded, so its future stays pending after a deadline: there the
 * worker's {@code cancel_scope} (the scope around the call) and its parents tell whether a cancel
 * reached the task ({@link CancelScopes}). An idle worker, waiting in {@code queue.get()} for its
 * next job, runs none.
 */
final class WorkerJobs {
  /** {@code PyFunctionObject.func_closure}, 3.11-3.14. */
  private static final int FUNCTION_CLOSURE = 72;

  /** {@code PyCellObject.ob_ref}. */
  private static final int CELL_CONTENTS = 16;

  private static final int PENDING = 0;
  private static final int CANCELLED = 1;
  private static final int FINISHED = 2;

  /** Nesting depth of cancel scopes followed outward from a worker's scope. */
  private static final int MAX_SCOPES = 32;

  /** A frame's local variable by name (cells not yet dereferenced), 0 when absent. */
  @FunctionalInterface
  interface Locals {
    long named(FrameRef frame, String name);
  }

  private final Heap heap;
  private final int futureStateOffset;

  WorkerJobs(Heap heap, int minor) {
    this.heap = heap;
    this.futureStateOffset = futureStateOffset(minor);
  }

  /** {@code FutureObj.fut_state} of the C {@code _asyncio.Future}, per minor (verified live). */
  static int futureStateOffset(int minor) {
    return switch (minor) {
      case 11, 12 -> 88;
      case 13 -> 96;
      case 14 -> 104;
      default -> -1;
    };
  }

  Optional<WorkerJob> read(List<PythonFrame> frames, List<FrameRef> refs, Locals locals) {
    for (int i = 0; i < frames.size() && i < refs.size(); i++) {
      PythonFrame frame = frames.get(i);
      String file = frame.file() == null ? "" : frame.file();
      String name = frame.qualifiedName();
      try {
        if (file.endsWith("concurrent/futures/thread.py") && "_WorkItem.run".equals(name)) {
          return executorJob(locals.named(refs.get(i), "self"));
        }
        if (file.endsWith("anyio/_backends/_asyncio.py") && "WorkerThread.run".equals(name)) {
          if (i > 0 && isQueueGet(frames.get(i - 1))) {
            return Optional.empty();
          }
          return Optional.of(
              anyioJob(
                  locals.named(refs.get(i), "future"), locals.named(refs.get(i), "cancel_scope")));
        }
        if (file.endsWith("trio/_threads.py") && "worker_fn".equals(frame.function())) {
          return Optional.of(
              trioJob(
                  deref(locals.named(refs.get(i), "cancel_register")),
                  deref(locals.named(refs.get(i), "task_register"))));
        }
      } catch (UnreadableException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A work item run for asyncio: its future's done-callback closes over the awaited future. */
  private Optional<WorkerJob> executorJob(long workItem) throws UnreadableException {
    if (!Heap.isPointer(workItem)) {
      return Optional.empty();
    }
    long future = heap.attribute(workItem, "future");
    long callbacks = Heap.isPointer(future) ? heap.attribute(future, "_done_callbacks") : 0;
    if (!Heap.isPointer(callbacks)) {
      return Optional.empty();
    }
    for (long callback : heap.listItems(callbacks)) {
      long awaited = closureFuture(heap.untag(callback));
      if (awaited != 0) {
        return Optional.of(fromFutureState(WorkerJob.Origin.ASYNCIO_EXECUTOR, awaited));
      }
    }
    return Optional.empty();
  }

  private long closureFuture(long function) throws UnreadableException {
    if (!Heap.isPointer(function) || !"function".equals(heap.typeName(function))) {
      return 0;
    }
    long closure = heap.untag(heap.word(function + FUNCTION_CLOSURE));
    if (!Heap.isPointer(closure) || !"tuple".equals(heap.typeName(closure))) {
      return 0;
    }
    for (int i = 0; i < heap.tupleSize(closure); i++) {
      long value = deref(heap.untag(heap.tupleItem(closure, i)));
      if (Heap.isPointer(value) && isAsyncioFuture(value)) {
        return value;
      }
    }
    return 0;
  }

  private boolean isAsyncioFuture(long object) throws UnreadableException {
    String type = heap.typeName(object);
    return "_asyncio.Future".equals(type) || "_asyncio.Task".equals(type);
  }

  /** An idle anyio worker waits for its next job in {@code self.queue.get()}. */
  private static boolean isQueueGet(PythonFrame frame) {
    String file = frame.file() == null ? "" : frame.file();
    return file.endsWith("/queue.py") && "Queue.get".equals(frame.qualifiedName());
  }

  /**
   * anyio's asyncio worker: a cancelled future is a task that stopped waiting ({@code
   * abandon_on_cancel=True}, or a native asyncio cancel); a pending one may still belong to a task
   * whose cancel scope was cancelled, which anyio's shielded wait keeps inside {@code run_sync}.
   */
  private WorkerJob anyioJob(long future, long cancelScope) throws UnreadableException {
    if (!Heap.isPointer(future) || !isAsyncioFuture(future)) {
      return new WorkerJob(WorkerJob.Origin.ANYIO_WORKER, null, null);
    }
    WorkerJob fromFuture = fromFutureState(WorkerJob.Origin.ANYIO_WORKER, future);
    if (!Boolean.FALSE.equals(fromFuture.cancelled())) {
      return fromFuture;
    }
    Optional<CancelScopes.Scope> reaching = CancelScopes.reachingCancel(scopeChain(cancelScope));
    if (reaching.isEmpty()) {
      return new WorkerJob(
          WorkerJob.Origin.ANYIO_WORKER,
          false,
          "its task still awaits the result, and no cancel reaches the scope around the call");
    }
    return new WorkerJob(
        WorkerJob.Origin.ANYIO_WORKER,
        true,
        CancelScopes.describe(reaching.get(), System.nanoTime() / 1e9),
        true);
  }

  /** A cancel scope's field: a {@code __slots__} member (anyio 4), else an instance attribute. */
  private long scopeField(long scope, String name) throws UnreadableException {
    long value = heap.slot(scope, name);
    if (value != 0) {
      return value;
    }
    try {
      return heap.attribute(scope, name);
    } catch (UnreadableException noDict) {
      return 0;
    }
  }

  /** The cancel scope the worker was handed and its parents, innermost first. */
  private List<CancelScopes.Scope> scopeChain(long scope) throws UnreadableException {
    List<CancelScopes.Scope> chain = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    while (Heap.isPointer(scope)
        && chain.size() < MAX_SCOPES
        && seen.add(scope)
        && "CancelScope".equals(heap.typeName(scope))) {
      long deadline = scopeField(scope, "_deadline");
      long reason = scopeField(scope, "_cancel_reason");
      chain.add(
          new CancelScopes.Scope(
              heap.isTrue(scopeField(scope, "_cancel_called")),
              heap.isTrue(scopeField(scope, "_shield")),
              Heap.isPointer(deadline) ? heap.floatValue(deadline) : Double.POSITIVE_INFINITY,
              Heap.isPointer(reason) && "str".equals(heap.typeName(reason))
                  ? heap.str(reason)
                  : null));
      scope = scopeField(scope, "_parent_scope");
    }
    return chain;
  }

  private WorkerJob fromFutureState(WorkerJob.Origin origin, long future)
      throws UnreadableException {
    if (futureStateOffset < 0) {
      return new WorkerJob(origin, null, null);
    }
    int state = heap.int32(future + futureStateOffset);
    return switch (state) {
      case CANCELLED ->
          new WorkerJob(
              origin,
              true,
              "the asyncio future its task awaited is cancelled: the task was cancelled or its"
                  + " timeout expired, and stopped waiting for the thread");
      case PENDING -> new WorkerJob(origin, false, "its task still awaits the result");
      case FINISHED -> new WorkerJob(origin, null, null);
      default -> new WorkerJob(origin, null, null);
    };
  }

  private WorkerJob trioJob(long cancelRegister, long taskRegister) throws UnreadableException {
    boolean cancelReached = isListWithNonNone(cancelRegister);
    boolean abandoned = Heap.isPointer(taskRegister) && !isListWithNonNone(taskRegister);
    if (!Heap.isPointer(cancelRegister)) {
      return new WorkerJob(WorkerJob.Origin.TRIO_WORKER, null, null);
    }
    if (abandoned) {
      return new WorkerJob(
          WorkerJob.Origin.TRIO_WORKER,
          true,
          "its task was cancelled and abandoned the thread (abandon_on_cancel=True): the thread"
              + " runs on with nobody waiting for it");
    }
    if (cancelReached) {
      return new WorkerJob(
          WorkerJob.Origin.TRIO_WORKER,
          true,
          "a cancel (a deadline such as move_on_after/fail_after, or cancel()) reached its task,"
              + " which cannot stop the thread and keeps waiting for it",
          true);
    }
    return new WorkerJob(WorkerJob.Origin.TRIO_WORKER, false, "no cancel has reached its task");
  }

  /** A one-item list whose item is not {@code None}. */
  private boolean isListWithNonNone(long list) throws UnreadableException {
    if (!Heap.isPointer(list) || !"list".equals(heap.typeName(list))) {
      return false;
    }
    List<Long> items = heap.listItems(list);
    if (items.isEmpty()) {
      return false;
    }
    long item = heap.untag(items.get(0));
    return Heap.isPointer(item) && !"NoneType".equals(heap.typeName(item));
  }

  private long deref(long maybeCell) throws UnreadableException {
    if (Heap.isPointer(maybeCell) && "cell".equals(heap.typeName(maybeCell))) {
      return heap.untag(heap.word(maybeCell + CELL_CONTENTS));
    }
    return maybeCell;
  }
}
