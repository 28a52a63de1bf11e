package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One asyncio task: its address and name, state, the loop it belongs to and the thread running that
 * loop ({@code 0} when unknown), its suspended coroutine frames outermost first (empty while it
 * runs: its frames are then on the loop thread's stack), what it waits on ({@code null} when it
 * runs or is ready to run), the tasks that await it, how many cancellations are pending, and the
 * {@code asyncio.Lock}s it holds in {@code async with} blocks of its suspended frames.
 */
public record AsyncTask(
    long address,
    String name,
    State state,
    long loop,
    int nativeThreadId,
    List<TaskFrame> stack,
    TaskWait waitsOn,
    List<Long> awaitedBy,
    int cancelling,
    List<TaskLockHold> holds) {

  /** Where the task stands. */
  public enum State {
    /** Suspended on a future, a sleep or another task. */
    WAITING,
    /** Scheduled to run in the loop's next iteration. */
    READY,
    /** Its coroutine is executing on the loop thread right now. */
    RUNNING,
    /** Created but not started. */
    CREATED
  }

  public AsyncTask {
    stack = List.copyOf(stack);
    awaitedBy = List.copyOf(awaitedBy);
    holds = holds == null ? List.of() : List.copyOf(holds);
  }

  /** This task waiting on {@code wait} instead. */
  public AsyncTask withWaitsOn(TaskWait wait) {
    return new AsyncTask(
        address, name, state, loop, nativeThreadId, stack, wait, awaitedBy, cancelling, holds);
  }

  /** This task holding {@code locks} instead. */
  public AsyncTask withHolds(List<TaskLockHold> locks) {
    return new AsyncTask(
        address, name, state, loop, nativeThreadId, stack, waitsOn, awaitedBy, cancelling, locks);
  }

  /** A task holding no asyncio lock. */
  public AsyncTask(
      long address,
      String name,
      State state,
      long loop,
      int nativeThreadId,
      List<TaskFrame> stack,
      TaskWait waitsOn,
      List<Long> awaitedBy,
      int cancelling) {
    this(address, name, state, loop, nativeThreadId, stack, waitsOn, awaitedBy, cancelling, null);
  }

  /** The innermost suspended frame, or null. */
  public TaskFrame innermost() {
    return stack.isEmpty() ? null : stack.get(stack.size() - 1);
  }

  /** This task with its awaiting tasks replaced. */
  public AsyncTask withAwaitedBy(List<Long> parents) {
    return new AsyncTask(
        address, name, state, loop, nativeThreadId, stack, waitsOn, parents, cancelling, holds);
  }
}
