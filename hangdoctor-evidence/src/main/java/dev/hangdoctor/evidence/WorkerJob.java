package dev.hangdoctor.evidence;

/**
 * The job a worker thread runs for an awaiting async task, as the interpreter's memory shows it:
 * which hand-off started it ({@code origin}), and whether the task that awaited it has given up —
 * cancelled, timed out, or moved on — while the thread still runs ({@code cancelled}; {@code null}
 * when it could not be read). {@code detail} says what showed it ({@code the asyncio future it
 * completes is cancelled}). {@code taskStillWaits} is true when the cancel reached the task but the
 * task still waits inside the hand-off for the thread to return (anyio's shielded wait, a trio
 * cancel without {@code abandon_on_cancel}), so its timeout does not bound it either.
 */
public record WorkerJob(Origin origin, Boolean cancelled, String detail, boolean taskStillWaits) {

  /** A job whose task, if it gave up, stopped waiting for the thread. */
  public WorkerJob(Origin origin, Boolean cancelled, String detail) {
    this(origin, cancelled, detail, false);
  }

  /** How the job was handed to the thread. */
  public enum Origin {
    /**
     * {@code loop.run_in_executor} / {@code asyncio.to_thread}: a concurrent future's work item.
     */
    ASYNCIO_EXECUTOR("asyncio.to_thread / loop.run_in_executor"),
    /** {@code anyio.to_thread.run_sync} on anyio's asyncio backend. */
    ANYIO_WORKER("anyio.to_thread.run_sync"),
    /** {@code trio.to_thread.run_sync}, also under anyio's trio backend. */
    TRIO_WORKER("trio.to_thread.run_sync");

    private final String call;

    Origin(String call) {
      this.call = call;
    }

    /** The call that hands a job to such a thread, as users write it. */
    public String call() {
      return call;
    }
  }

  /** True only when the memory showed the awaiting side gave up. */
  public boolean knownCancelled() {
    return Boolean.TRUE.equals(cancelled);
  }
}
