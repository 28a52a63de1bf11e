package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The asyncio tasks of a CPython process, read from outside without pausing it: every pending task
 * of every event loop, what each one awaits and who awaits it. When {@code status} is not {@code
 * READ}, {@code detail} says why and {@code tasks} is empty. {@code loops} lists the running event
 * loops found, each with the thread that runs it.
 */
public record AsyncTasks(
    Status status, List<AsyncLoop> loops, List<AsyncTask> tasks, String detail) {

  /** The outcome of the read. */
  public enum Status {
    /** The tasks were read (possibly none). */
    READ,
    /** The process never imported asyncio. */
    NO_ASYNCIO,
    /** The interpreter version or build is not one the task reader knows. */
    UNSUPPORTED,
    /** The registries could not be read; {@code detail} says what failed. */
    UNREADABLE
  }

  public AsyncTasks {
    loops = List.copyOf(loops);
    tasks = List.copyOf(tasks);
  }

  /** No tasks, with the reason. */
  public static AsyncTasks unavailable(Status status, String detail) {
    return new AsyncTasks(status, List.of(), List.of(), detail);
  }

  /** The task at {@code address}, or null. */
  public AsyncTask task(long address) {
    for (AsyncTask task : tasks) {
      if (task.address() == address) {
        return task;
      }
    }
    return null;
  }
}
