package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.rules.Rule;
import java.util.List;

/** The JVM hang signatures, in the order findings of equal confidence are ranked. */
public final class JvmSignatures {
  private JvmSignatures() {}

  public static List<Rule> all() {
    return List.of(
        new JvmLockDeadlock(),
        new JvmClassInitDeadlock(),
        new JvmExecutorCloseWaits(),
        new JvmPoolStarvation(),
        new JvmConnectionPoolExhausted(),
        new JvmLockHeldAcrossIo(),
        new JvmVirtualThreadPinned(),
        new JvmFutureNeverCompleted(),
        new JvmNonDaemonKeepsAlive(),
        new JvmSocketReadNoTimeout(),
        new JvmSafepointStall());
  }
}
