package dev.hangdoctor.evidence;

/** A monitor or lock line printed under a Java frame: what the frame does with which object. */
public record JavaLockEvent(Kind kind, JavaObjectRef object) {

  /** The kinds of lock line a HotSpot thread dump prints. */
  public enum Kind {
    /** {@code - locked <…>}: the frame holds this monitor. */
    LOCKED,
    /** {@code - waiting to lock <…>}: blocked entering a {@code synchronized} block or method. */
    WAITING_TO_LOCK,
    /** {@code - waiting on <…>}: in {@code Object.wait()}, the monitor released meanwhile. */
    WAITING_ON,
    /** {@code - waiting to re-lock in wait() <…>}: notified, re-entering the monitor. */
    WAITING_TO_RELOCK,
    /** {@code - parking to wait for <…>}: parked on a java.util.concurrent lock or condition. */
    PARKING_FOR,
    /** {@code - waiting on the Class initialization monitor for X}. */
    WAITING_ON_CLASS_INIT,
    /** {@code - eliminated <…>}: a lock the compiler removed (scalar replaced). */
    ELIMINATED
  }
}
