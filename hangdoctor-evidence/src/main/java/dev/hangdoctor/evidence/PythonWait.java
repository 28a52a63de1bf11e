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
    PoolState pool) {

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
    return new PythonWait(kind, frame, object, objectType, name, lock, joinedThreadId, pool);
  }
}
