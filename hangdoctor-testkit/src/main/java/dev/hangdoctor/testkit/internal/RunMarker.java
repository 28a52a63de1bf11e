package dev.hangdoctor.testkit.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Environment markers that let the testkit find processes it started even after they were
 * re-parented away from the test JVM (double forks, daemons): every target inherits the run id of
 * this JVM and an id of its own, and so do all of its descendants unless they scrub their
 * environment.
 */
public final class RunMarker {
  /** Names the JVM that started a target; the leak extension looks for it. */
  public static final String RUN_VARIABLE = "HANGDOCTOR_TESTKIT_RUN";

  /** Names one target; {@code Target.close()} looks for it so sibling targets survive. */
  public static final String TARGET_VARIABLE = "HANGDOCTOR_TESTKIT_TARGET";

  private static final String RUN_ID = newRunId();
  private static final AtomicLong TARGETS = new AtomicLong();

  private RunMarker() {}

  /** The run id of this JVM, random per JVM. */
  public static String runId() {
    return RUN_ID;
  }

  /** A fresh id for one target, unique within this run. */
  public static String nextTargetId() {
    return RUN_ID + "-" + TARGETS.incrementAndGet();
  }

  /** The live processes carrying this JVM's run marker. */
  public static Set<ProcessKey> runProcesses() {
    return Procs.withEnvironment(RUN_VARIABLE, RUN_ID);
  }

  /** The live processes carrying the marker of target {@code targetId}. */
  public static Set<ProcessKey> targetProcesses(String targetId) {
    return Procs.withEnvironment(TARGET_VARIABLE, targetId);
  }

  private static String newRunId() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
