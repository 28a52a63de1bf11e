package dev.hangdoctor.evidence;

/**
 * What a Java thread waits for and who holds it: a monitor it is blocked entering, a monitor it
 * waits on in {@code Object.wait()}, a java.util.concurrent lock or condition it is parked on, or a
 * class being initialised by another thread. {@code ownerName} and {@code ownerTid} name the thread
 * that holds it (the monitor's {@code - locked} frame, the synchronizer among its {@code Locked
 * ownable synchronizers}, the thread running the class's {@code <clinit>}); they are {@code null}
 * and {@link #NO_OWNER} when the dump does not say.
 */
public record JavaLockWait(Kind kind, JavaObjectRef object, String ownerName, int ownerTid) {

  /** The {@code ownerTid} when no owner is known. */
  public static final int NO_OWNER = 0;

  /** How the thread waits. */
  public enum Kind {
    /** Blocked entering a {@code synchronized} block or method. */
    MONITOR_ENTER,
    /** In {@code Object.wait()}: woken only by a notify. */
    OBJECT_WAIT,
    /** Parked on a java.util.concurrent lock, condition, latch or future. */
    PARK,
    /** Waiting for another thread to finish initialising a class. */
    CLASS_INIT
  }

  /** True when the dump names the holder. */
  public boolean hasOwner() {
    return ownerName != null;
  }
}
