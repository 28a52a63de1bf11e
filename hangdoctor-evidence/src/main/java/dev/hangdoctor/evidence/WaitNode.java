package dev.hangdoctor.evidence;

/**
 * A node of the wait-for graph: a thread or a process, where it is ({@code pid}, {@code tid}; 0 for
 * a process node), its name ({@code threading} name or command line), its state over the window and
 * what it is doing now, in words. A node with state {@link State#ABSENT} stands for a thread that
 * does not exist, such as the holder of a lock that no thread of the process holds.
 */
public record WaitNode(
    String id, Kind kind, int pid, int tid, String name, State state, String activity) {

  /** What the node is. */
  public enum Kind {
    THREAD,
    PROCESS
  }

  /** How the node behaved over the window. */
  public enum State {
    /** On a CPU or runnable. */
    RUNNING,
    /** In a wait without a timeout, unchanged all window long. */
    BLOCKED,
    /** Retrying a timed wait on the same object all window long (a polling loop). */
    POLLING,
    /** A timed wait, a sleep, or a wait that changed: it goes on by itself. */
    WAITING,
    /** Stopped by a signal. */
    STOPPED,
    /** A process that has exited and not been reaped (a zombie). */
    EXITED,
    /** Does not exist. */
    ABSENT,
    /** Not known. */
    UNKNOWN
  }

  /** The id of thread {@code tid} of process {@code pid}. */
  public static String threadId(int pid, int tid) {
    return pid + "/" + tid;
  }

  /** The id of process {@code pid}. */
  public static String processId(int pid) {
    return Integer.toString(pid);
  }

  /** The id of the absent node standing for "no thread of process {@code pid}". */
  public static String absentId(int pid) {
    return pid + "/absent";
  }
}
