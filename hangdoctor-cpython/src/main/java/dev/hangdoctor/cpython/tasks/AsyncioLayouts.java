package dev.hangdoctor.cpython.tasks;

import static dev.hangdoctor.cpython.tasks.AsyncioLayout.ABSENT;

import dev.hangdoctor.cpython.tasks.AsyncioLayout.Registry;
import java.util.Optional;

/**
 * The one table of asyncio knowledge per CPython minor version, chosen in {@link #forMinor}.
 *
 * <p>Provenance: read back on running interpreters of this machine (Debian 3.11.2, pyenv 3.11.7,
 * 3.12.0/3.12.1, 3.13.0/3.13.15, Debian 3.14.10) with in-process {@code ctypes} probes and a second
 * process reading {@code /proc/PID/mem} (see {@code asyncio-internals.md}); the 3.14 values equal
 * 3.14.10's own {@code .AsyncioDebug} offsets.
 */
public final class AsyncioLayouts {
  static final AsyncioLayout PY311 =
      new AsyncioLayout(
          11,
          16,
          24,
          88,
          48,
          ABSENT,
          ABSENT,
          128,
          136,
          144,
          168,
          ABSENT,
          176,
          75,
          80,
          64,
          false,
          151,
          150,
          true,
          Registry.ALL_TASKS_WEAKSET,
          ABSENT,
          ABSENT,
          ABSENT,
          ABSENT);
  static final AsyncioLayout PY312 =
      new AsyncioLayout(
          12,
          16,
          24,
          88,
          48,
          ABSENT,
          ABSENT,
          128,
          136,
          144,
          168,
          ABSENT,
          176,
          67,
          72,
          64,
          false,
          151,
          ABSENT,
          true,
          Registry.SCHEDULED_AND_EAGER,
          ABSENT,
          ABSENT,
          ABSENT,
          ABSENT);
  static final AsyncioLayout PY313 =
      new AsyncioLayout(
          13,
          16,
          24,
          96,
          48,
          ABSENT,
          ABSENT,
          112,
          120,
          128,
          104,
          ABSENT,
          144,
          67,
          72,
          64,
          false,
          149,
          ABSENT,
          false,
          Registry.SCHEDULED_AND_EAGER,
          ABSENT,
          ABSENT,
          ABSENT,
          ABSENT);
  static final AsyncioLayout PY314 =
      new AsyncioLayout(
          14,
          16,
          24,
          104,
          48,
          96,
          109,
          120,
          128,
          136,
          112,
          152,
          168,
          67,
          72,
          64,
          true,
          128,
          ABSENT,
          false,
          Registry.THREAD_LISTS,
          864,
          872,
          880,
          10880);

  private AsyncioLayouts() {}

  /** The table of CPython 3.{@code minor}, or empty for a version the task reader does not know. */
  public static Optional<AsyncioLayout> forMinor(int minor) {
    return Optional.ofNullable(
        switch (minor) {
          case 11 -> PY311;
          case 12 -> PY312;
          case 13 -> PY313;
          case 14 -> PY314;
          default -> null;
        });
  }
}
