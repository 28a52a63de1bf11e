package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.SyscallState;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a blocked {@code futex(2)} call: whether it is a wait, whether that wait can time out, and
 * which futex word it waits on. Locks, condition variables, {@code Thread.join()} and CPython's GIL
 * all sleep here.
 */
public final class Futexes {
  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_LOCK_PI = 6;
  private static final int FUTEX_WAIT_BITSET = 9;
  private static final int FUTEX_WAIT_REQUEUE_PI = 11;
  private static final int FUTEX_LOCK_PI2 = 13;
  private static final Set<Integer> WAITS =
      Set.of(FUTEX_WAIT, FUTEX_LOCK_PI, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI, FUTEX_LOCK_PI2);

  /** The private and clock flags that may be or-ed into the operation. */
  private static final int COMMAND_MASK = 0x7f;

  private static final int TIMEOUT_ARGUMENT = 3;

  private Futexes() {}

  /** True for a futex wait that has no timeout: it ends only when another thread wakes it. */
  public static boolean waitsForever(SyscallState call) {
    return isWait(call) && call.arguments().get(TIMEOUT_ARGUMENT) == 0;
  }

  /** True for a futex wait with a timeout. */
  public static boolean waitsWithTimeout(SyscallState call) {
    return isWait(call) && call.arguments().get(TIMEOUT_ARGUMENT) != 0;
  }

  /** The address of the futex word a wait sleeps on. */
  public static OptionalLong address(SyscallState call) {
    return isWait(call) ? OptionalLong.of(call.arguments().get(0)) : OptionalLong.empty();
  }

  private static boolean isWait(SyscallState call) {
    return call.status() == SyscallState.Status.IN_SYSCALL
        && "futex".equals(call.name())
        && call.arguments().size() > TIMEOUT_ARGUMENT
        && WAITS.contains((int) (call.arguments().get(1) & COMMAND_MASK));
  }
}
