package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The Java side of a HotSpot JVM, asked over its attach socket without any JDK tool: which VM,
 * every Java thread (platform threads from {@code Thread.print -l -e}, virtual threads from the
 * JSON dump of JDK 21+ when there are any), HotSpot's own deadlock report, and the VM flags. When
 * {@code status} is not {@code READ}, {@code detail} says in one line why the JVM could not be
 * asked ("started with -XX:+DisableAttachMechanism", "did not answer within 3.0 s", …) and {@code
 * threads} is empty; the kernel evidence beside it still stands. {@code feature} is the JDK feature
 * version (17, 25; 0 when unknown), {@code readMillis} how long the thread dump took to arrive.
 */
public record JvmStacks(
    Status status,
    String vmName,
    String version,
    int feature,
    List<JavaThread> threads,
    List<JavaDeadlock> deadlocks,
    List<String> flags,
    String source,
    long readMillis,
    String detail) {

  /** The outcome of asking the JVM. */
  public enum Status {
    READ,
    /** Not a HotSpot JVM (no {@code libjvm.so} mapped). */
    NOT_JVM,
    /** Started with {@code -XX:+DisableAttachMechanism}: it has no attach listener. */
    ATTACH_DISABLED,
    /** Started with {@code -Xrs}: SIGQUIT would kill it, so its listener cannot be started. */
    SIGNALS_REDUCED,
    /** Another user's JVM, and hangdoctor is not root. */
    PERMISSION_DENIED,
    /** The JVM did not answer in time: stuck in a safepoint, a GC, or wedged. */
    NOT_RESPONDING,
    /** The JVM closed the connection without answering (its peer-credential check). */
    REJECTED,
    TARGET_EXITED,
    UNREADABLE
  }

  public JvmStacks {
    threads = List.copyOf(threads);
    deadlocks = List.copyOf(deadlocks);
    flags = List.copyOf(flags);
  }

  /** No Java stacks, and why. */
  public static JvmStacks unavailable(Status status, String detail) {
    return new JvmStacks(status, null, null, 0, List.of(), List.of(), List.of(), null, 0, detail);
  }

  /** True when the threads were read. */
  public boolean read() {
    return status == Status.READ;
  }

  /** True for a JVM, whether or not it could be asked. */
  public boolean isJvm() {
    return status != Status.NOT_JVM;
  }

  /** This dump with other flags. */
  public JvmStacks withFlags(List<String> vmFlags) {
    return new JvmStacks(
        status, vmName, version, feature, threads, deadlocks, vmFlags, source, readMillis, detail);
  }

  /** This dump with other threads (the kernel's view joined in, virtual threads added). */
  public JvmStacks withThreads(List<JavaThread> joined) {
    return new JvmStacks(
        status, vmName, version, feature, joined, deadlocks, flags, source, readMillis, detail);
  }
}
