package dev.hangdoctor.evidence;

/**
 * What a wait-for edge goes through: its kind, an id that is the same wherever the resource is seen
 * ({@code lock:0x7f…}, {@code pipe:[123]}, {@code pid:42}), its name the way the code or the kernel
 * names it ({@code self._state_lock}, {@code store.jobs}), and a short detail ({@code
 * threading.Lock}, {@code queue.Queue}, the fd).
 */
public record WaitResource(Kind kind, String id, String name, String detail) {

  /** The kinds of resources threads and processes wait on. */
  public enum Kind {
    PYTHON_LOCK,
    MUTEX,
    PIPE,
    PROCESS_EXIT,
    THREAD_EXIT,
    QUEUE,
    EVENT,
    CONDITION,
    SEMAPHORE,
    BARRIER,
    FUTURE,
    POOL_RESULT
  }
}
