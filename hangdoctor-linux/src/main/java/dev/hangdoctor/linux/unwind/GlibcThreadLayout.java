package dev.hangdoctor.linux.unwind;

import java.util.Optional;

/**
 * Where glibc keeps a thread's id and start routine in its {@code struct pthread} (the thread
 * control block the thread pointer points at), by glibc version, x86-64. Checked on a live thread
 * of Debian 12's glibc 2.36: {@code pthread_self()} points at the block, {@code tid} at 0x2d0,
 * {@code start_routine} at 0x638 and its argument at 0x640; the block's first and third words point
 * at the block itself ({@code tcbhead_t.tcb} and {@code .self}).
 */
public record GlibcThreadLayout(int tidOffset, int startRoutineOffset) {
  /** glibc 2.36, the one version measured; others are unknown until measured. */
  static final GlibcThreadLayout GLIBC_2_36 = new GlibcThreadLayout(0x2d0, 0x638);

  /** The layout of glibc {@code version} ("2.36"), when known. */
  public static Optional<GlibcThreadLayout> forVersion(String version) {
    return version.equals("2.36") ? Optional.of(GLIBC_2_36) : Optional.empty();
  }
}
