package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What a suspended task waits on. {@code future} is the address of the awaited future (0 when there
 * is none, such as a bare {@code yield}); {@code tasks} the tasks it waits for (the awaited task,
 * gather children, TaskGroup children, the shielded task); {@code description} a short phrase for
 * people ("asyncio.Event", "executor job lookup_price"). For an executor job, {@code worker} is the
 * thread running it ({@code null} while queued or unknown). {@code secondsLeft} is a sleep's
 * remaining time (negative when overdue; {@code null} when not a timer). {@code waitObject} is the
 * address of the Event, Queue, Lock, Semaphore, Condition or TaskGroup waited on (0 if none),
 * {@code waitersOfObject} how many futures wait on it. {@code fd} is the socket a stream read waits
 * on ({@code -1} when not a stream read or unknown); a stream read under {@code asyncio.timeout()}
 * or {@code wait_for} has its deadline in {@code secondsLeft}.
 */
public record TaskWait(
    Kind kind,
    long future,
    String description,
    List<Long> tasks,
    WorkerLink worker,
    Double secondsLeft,
    long waitObject,
    int waitersOfObject,
    List<FinishedTask> finishedTasks,
    int fd) {

  /** The kinds of wait the reader recognises. */
  public enum Kind {
    TASK,
    GATHER,
    TASK_GROUP,
    SHIELD,
    WAIT_FOR,
    WAIT,
    EXECUTOR_JOB,
    THREAD_JOB,
    SLEEP,
    EVENT,
    QUEUE_GET,
    QUEUE_PUT,
    LOCK,
    SEMAPHORE,
    CONDITION,
    STREAM_READ,
    LIMITER,
    FUTURE,
    OTHER
  }

  public TaskWait {
    tasks = List.copyOf(tasks);
    finishedTasks = finishedTasks == null ? List.of() : List.copyOf(finishedTasks);
  }

  /** A wait on no socket. */
  public TaskWait(
      Kind kind,
      long future,
      String description,
      List<Long> tasks,
      WorkerLink worker,
      Double secondsLeft,
      long waitObject,
      int waitersOfObject,
      List<FinishedTask> finishedTasks) {
    this(
        kind,
        future,
        description,
        tasks,
        worker,
        secondsLeft,
        waitObject,
        waitersOfObject,
        finishedTasks,
        -1);
  }

  /** A wait with no finished tasks within reach. */
  public TaskWait(
      Kind kind,
      long future,
      String description,
      List<Long> tasks,
      WorkerLink worker,
      Double secondsLeft,
      long waitObject,
      int waitersOfObject) {
    this(
        kind,
        future,
        description,
        tasks,
        worker,
        secondsLeft,
        waitObject,
        waitersOfObject,
        List.of());
  }

  /** This wait with the finished tasks found within the waiter's reach. */
  public TaskWait withFinishedTasks(List<FinishedTask> finished) {
    return new TaskWait(
        kind,
        future,
        description,
        tasks,
        worker,
        secondsLeft,
        waitObject,
        waitersOfObject,
        finished,
        fd);
  }

  /** This wait with a deadline {@code seconds} away. */
  public TaskWait withSecondsLeft(Double seconds) {
    return new TaskWait(
        kind,
        future,
        description,
        tasks,
        worker,
        seconds,
        waitObject,
        waitersOfObject,
        finishedTasks,
        fd);
  }

  /**
   * The thread running an executor job: its Linux thread id, the job's function, and the state of
   * the job's {@code concurrent.futures.Future} ({@code PENDING}: queued, not started; {@code
   * RUNNING}).
   */
  public record WorkerLink(int nativeThreadId, String function, String jobState) {}
}
