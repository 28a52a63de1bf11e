package dev.hangdoctor.diagnosis;

/**
 * What an inspection reads besides each sample's kernel view and stacks: a report that prints less
 * reads less. {@link #EVERYTHING} is what the rules, JSON and the inspect report need; {@link
 * #DUMP_TEXT} is what the text of {@code dump} prints (every thread's frames, name, GIL holder and
 * kernel state and wait, with the descriptors those waits name) and nothing more.
 *
 * @param pythonDetail the Python stacks alone ({@link PythonDetail#FRAMES}) or with what each
 *     thread is doing, its locks and the asyncio task graph ({@link PythonDetail#FULL})
 * @param threadCounters each thread's context switches and scheduler statistics (its {@code status}
 *     and {@code schedstat}), which only a window's activity needs
 * @param processTree the tree below the process, from a scan of all of {@code /proc}
 * @param waitContext after the window: who holds the other ends of the pipes waited on, and the
 *     source lines the frames point at
 * @param connectionReads dense stack reads when a process's CLOSE_WAIT sockets grew
 * @param progressLine a progress line on a terminal while the window lasts
 */
public record CollectionPlan(
    PythonDetail pythonDetail,
    boolean threadCounters,
    boolean processTree,
    boolean waitContext,
    boolean connectionReads,
    boolean progressLine) {
  /** Everything there is to read: for the rules, JSON and the inspect report. */
  public static final CollectionPlan EVERYTHING =
      new CollectionPlan(PythonDetail.FULL, true, true, true, true, true);

  /** What the text of {@code dump} prints, from one snapshot. */
  public static final CollectionPlan DUMP_TEXT =
      new CollectionPlan(PythonDetail.FRAMES, false, false, false, false, false);

  /** How much of each Python thread is read. */
  public enum PythonDetail {
    /** Frames, thread names and the GIL holder. */
    FRAMES,
    /** The frames, and the calls, locks and waits of each thread and the asyncio task graph. */
    FULL
  }
}
