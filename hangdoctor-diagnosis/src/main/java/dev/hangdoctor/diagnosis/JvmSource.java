package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.JvmStacks;

/**
 * The Java side of a process over one sampling window: {@link #open} starts a sampler that is asked
 * once per sample, beside the kernel snapshot, so Java frames and kernel waits of the same moment
 * are joined by thread id. Injected into the window, replaceable in tests.
 */
@FunctionalInterface
public interface JvmSource {
  /** A source for processes that are never JVMs: reads nothing. */
  JvmSource NONE = pid -> Sampler.NOT_A_JVM;

  /** A sampler over {@code pid}; {@link Sampler#NOT_A_JVM} when it is no JVM. */
  Sampler open(int pid);

  /** The Java side of one process, sample by sample, for one window. */
  interface Sampler extends AutoCloseable {
    /** The sampler of a process that is no JVM. */
    Sampler NOT_A_JVM = () -> null;

    /** The Java threads now, a {@link JvmStacks} saying why there are none, or {@code null}. */
    JvmStacks sample() throws InterruptedException;

    /** True when the process is a JVM (then it is not also read as a CPython). */
    default boolean isJvm() {
      return false;
    }

    @Override
    default void close() {}
  }
}
