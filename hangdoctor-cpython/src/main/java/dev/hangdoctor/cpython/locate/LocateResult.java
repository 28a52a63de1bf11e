package dev.hangdoctor.cpython.locate;

import dev.hangdoctor.evidence.EvidenceGap;
import java.util.Optional;

/**
 * What {@link InterpreterLocator#locate} found: a supported CPython ({@link Found}), a process that
 * is not CPython ({@link NotPython}), a CPython hangdoctor cannot read ({@link Unsupported}), or a
 * process that could not be examined ({@link Unreadable}).
 */
public sealed interface LocateResult {

  /** The runtime, when one was found. */
  default Optional<RuntimeLocation> location() {
    return Optional.empty();
  }

  /** A CPython 3.11 to 3.14 with the GIL, ready to be read. */
  record Found(RuntimeLocation runtime) implements LocateResult {
    @Override
    public Optional<RuntimeLocation> location() {
      return Optional.of(runtime);
    }
  }

  /** No ELF file of the process holds {@code _PyRuntime} and no libpython is mapped. */
  record NotPython(String detail) implements LocateResult {}

  /**
   * A CPython outside what hangdoctor reads: another version, a free-threaded or a debug build.
   * {@code version} is as exact as the process allows, e.g. {@code 3.10.13}, {@code 3.10} (from a
   * file name) or {@code 3.13.0t (free-threaded)}.
   */
  record Unsupported(String version, String detail) implements LocateResult {}

  /**
   * The process could not be examined; {@code reason} tells refused access ({@code
   * PERMISSION_DENIED}) from a process that exited ({@code TARGET_EXITED}) from anything else
   * ({@code UNREADABLE}).
   */
  record Unreadable(EvidenceGap.Reason reason, String detail) implements LocateResult {
    public boolean permissionDenied() {
      return reason == EvidenceGap.Reason.PERMISSION_DENIED;
    }

    public boolean targetExited() {
      return reason == EvidenceGap.Reason.TARGET_EXITED;
    }
  }
}
