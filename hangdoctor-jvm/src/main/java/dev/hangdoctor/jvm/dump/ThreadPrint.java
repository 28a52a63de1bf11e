package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaDeadlock;
import dev.hangdoctor.evidence.JavaThread;
import java.util.List;

/**
 * One parsed {@code Thread.print}: the VM's name and version from the banner, every thread in the
 * order printed (VM-internal ones included, a mounted virtual thread right after its carrier) with
 * the owner of each awaited lock resolved, and HotSpot's own deadlock report.
 */
public record ThreadPrint(
    String vmName, String version, List<JavaThread> threads, List<JavaDeadlock> deadlocks) {
  public ThreadPrint {
    threads = List.copyOf(threads);
    deadlocks = List.copyOf(deadlocks);
  }

  /** The JDK feature version (17, 25), 0 when the banner did not say. */
  public int feature() {
    return JdkFormats.featureOf(version);
  }
}
