package dev.hangdoctor.jvm.attach;

import java.time.Duration;

/**
 * How long each attach step may take: the listener to appear after SIGQUIT (a healthy JVM opens it
 * in about 50 ms; the JDK's own client waits up to 10 s) and an answer to arrive (a thread dump of
 * 1,000 threads takes a few hundred ms; one that never comes means the VM cannot reach a
 * safepoint).
 */
public record AttachTimeouts(Duration listener, Duration answer) {
  /** What {@code diagnose} and {@code dump} use. */
  public static final AttachTimeouts DEFAULT =
      new AttachTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5));
}
