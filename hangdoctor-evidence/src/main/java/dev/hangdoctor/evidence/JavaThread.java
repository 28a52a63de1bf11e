package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One Java thread from a thread dump: its full name, the Java thread id ({@code #N}; {@link #NO_ID}
 * for the VM's own threads), the Linux thread it runs on ({@code nid}; {@link #NOT_MOUNTED} for a
 * virtual thread that is not mounted), daemon flag, {@code java.lang.Thread.State} name ({@code
 * null} for VM-internal threads and carriers that print none) with its detail ("on object monitor",
 * "parking", "sleeping"), its frames innermost first, the ownable synchronizers it holds
 * (ReentrantLock, ReentrantReadWriteLock, ThreadPoolExecutor$Worker, …), and the lock it waits for
 * with that lock's owner when the dump shows one. A carrier thread names the virtual thread it
 * carries ({@code carriedVirtualId}, {@link #NO_ID} otherwise); a mounted virtual thread shares its
 * carrier's {@code nativeThreadId}. {@code cpuMillis} is the thread's CPU time as the JVM reported
 * it ({@code -1} when not printed).
 */
public record JavaThread(
    String name,
    long javaId,
    int nativeThreadId,
    boolean daemon,
    boolean vmInternal,
    String state,
    String stateDetail,
    boolean virtual,
    long carriedVirtualId,
    List<JavaFrame> frames,
    List<JavaObjectRef> ownedSynchronizers,
    JavaLockWait waitingFor,
    double cpuMillis) {

  /** The id of a thread without one. */
  public static final long NO_ID = -1;

  /** The native thread id of an unmounted virtual thread. */
  public static final int NOT_MOUNTED = 0;

  public JavaThread {
    frames = List.copyOf(frames);
    ownedSynchronizers = List.copyOf(ownedSynchronizers);
  }

  /** True for the carrier of a mounted virtual thread. */
  public boolean carrying() {
    return carriedVirtualId != NO_ID;
  }

  /** Every monitor this thread's frames hold ({@code - locked <…>}), innermost first. */
  public List<JavaObjectRef> lockedMonitors() {
    return frames.stream()
        .flatMap(frame -> frame.locks().stream())
        .filter(event -> event.kind() == JavaLockEvent.Kind.LOCKED)
        .map(JavaLockEvent::object)
        .toList();
  }

  /** This thread with the lock it waits for (its owner resolved). */
  public JavaThread withWaitingFor(JavaLockWait wait) {
    return new JavaThread(
        name,
        javaId,
        nativeThreadId,
        daemon,
        vmInternal,
        state,
        stateDetail,
        virtual,
        carriedVirtualId,
        frames,
        ownedSynchronizers,
        wait,
        cpuMillis);
  }
}
