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
 * it ({@code -1} when not printed), {@code allocatedBytes} the bytes it allocated so far ({@code
 * -e}; {@code -1} when not printed): a thread that works allocates, a thread that spins rarely
 * does.
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
    double cpuMillis,
    long allocatedBytes) {

  /** The id of a thread without one. */
  public static final long NO_ID = -1;

  /** The native thread id of an unmounted virtual thread. */
  public static final int NOT_MOUNTED = 0;

  public JavaThread {
    frames = List.copyOf(frames);
    ownedSynchronizers = List.copyOf(ownedSynchronizers);
  }

  /** The JDK's own service threads: present in every JVM, never the application's. */
  private static final java.util.Set<String> JDK_SERVICE_THREADS =
      java.util.Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Service Thread",
          "Monitor Deflation Thread",
          "Sweeper thread",
          "Notification Thread",
          "Common-Cleaner",
          "Attach Listener",
          "VirtualThread-unblocker",
          "MasterPoller",
          "Read-Poller",
          "Write-Poller",
          "process reaper",
          "DestroyJavaVM");

  /**
   * True for a thread the JVM runs for itself: one of its own (no Java id: the VM thread, GC and
   * compiler threads) or a JDK service thread (reference handling, signal dispatch, attach, JIT
   * compiler threads, the cleaner, pollers).
   */
  public boolean jvmHousekeeping() {
    return vmInternal
        || JDK_SERVICE_THREADS.contains(name)
        || name.startsWith("C1 CompilerThread")
        || name.startsWith("C2 CompilerThread")
        || name.startsWith("JVMCI");
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
        cpuMillis,
        allocatedBytes);
  }
}
