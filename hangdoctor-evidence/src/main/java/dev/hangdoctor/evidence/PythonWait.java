package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What a blocked Python thread waits for, as its frames and the objects they hold tell it: a lock
 * (and which one, from the futex it sleeps on), a condition, event or queue (and which object), a
 * future or pool result, a thread it joins. {@code frame} is the index (innermost 0) of the frame
 * whose call waits: {@code Queue.get} for a queue, the user's frame for a bare lock. {@code object}
 * is the address of the object waited on ({@code 0} when unknown), {@code objectType} its type and
 * {@code objectName} the way the code names it ({@code self.jobs}, {@code results}; {@code null}
 * when nothing names it). {@code lock} is set for {@link Kind#LOCK}; {@code joinedThreadId} is the
 * {@code threading.get_ident()} of the thread a {@link Kind#THREAD_JOIN} waits for (0 when
 * unknown); {@code pool} describes the pool behind a {@link Kind#POOL_RESULT}.
 */
public record PythonWait(
    Kind kind,
    int frame,
    long object,
    String objectType,
    String objectName,
    PythonLock lock,
    long joinedThreadId,
    PoolState pool,
    List<ThreadRef> threads) {

  public PythonWait {
    threads = threads == null ? List.of() : List.copyOf(threads);
  }

  /** A wait that refers to no thread objects. */
  public PythonWait(
      Kind kind,
      int frame,
      long object,
      String objectType,
      String objectName,
      PythonLock lock,
      long joinedThreadId,
      PoolState pool) {
    this(kind, frame, object, objectType, objectName, lock, joinedThreadId, pool, List.of());
  }

  /**
   * A {@code threading.Thread} object the waiting code refers to: how the code names it ({@code
   * enqueuer}, {@code self._thread}), its class and {@code name}, and its {@code ident} (0 when it
   * never started); a thread whose ident is no live thread's has exited.
   */
  public record ThreadRef(String variable, String type, String name, long ident) {}

  /** The kinds of waits hangdoctor recognises. */
  public enum Kind {
    /** Acquiring a {@code threading.Lock} or {@code RLock}. */
    LOCK,
    /** {@code Condition.wait()} called directly. */
    CONDITION,
    /** {@code Event.wait()}. */
    EVENT,
    /** {@code queue.Queue.get()} on an empty queue. */
    QUEUE_GET,
    /** {@code queue.Queue.put()} on a full queue. */
    QUEUE_PUT,
    /** {@code queue.Queue.join()} waiting for {@code task_done()} calls. */
    QUEUE_JOIN,
    /** {@code Semaphore.acquire()}. */
    SEMAPHORE,
    /** {@code Barrier.wait()}. */
    BARRIER,
    /** {@code concurrent.futures.Future.result()}/{@code exception()}, or {@code wait()}. */
    FUTURE,
    /** {@code multiprocessing.pool} {@code AsyncResult.get()}/{@code wait()}, {@code map()}. */
    POOL_RESULT,
    /** {@code Thread.join()}. */
    THREAD_JOIN
  }

  /**
   * The state of a {@code multiprocessing.Pool} a {@link Kind#POOL_RESULT} waits on: its worker
   * processes' pids, the {@code threading.get_ident()} of its three handler threads (0 when not
   * read), and the pool's {@code _state} ({@code RUN}, {@code CLOSE}, {@code TERMINATE}).
   */
  public record PoolState(
      List<Integer> workerPids,
      long workerHandlerThreadId,
      long taskHandlerThreadId,
      long resultHandlerThreadId,
      String state) {
    public PoolState {
      workerPids = List.copyOf(workerPids);
    }
  }

  /** A wait on {@code object} that is no lock, join or pool wait. */
  public static PythonWait on(Kind kind, int frame, long object, String type, String name) {
    return new PythonWait(kind, frame, object, type, name, null, 0, null);
  }

  /** This wait with the object named. */
  public PythonWait withObjectName(String name) {
    return new PythonWait(
        kind, frame, object, objectType, name, lock, joinedThreadId, pool, threads);
  }

  /** This wait with the thread objects its code refers to. */
  public PythonWait withThreads(List<ThreadRef> refs) {
    return new PythonWait(
        kind, frame, object, objectType, objectName, lock, joinedThreadId, pool, refs);
  }
}
