package dev.hangdoctor.cpython.layout;

import static dev.hangdoctor.cpython.layout.Layout.ABSENT;

import dev.hangdoctor.cpython.layout.Layout.Code;
import dev.hangdoctor.cpython.layout.Layout.Frame;
import dev.hangdoctor.cpython.layout.Layout.Gil;
import dev.hangdoctor.cpython.layout.Layout.InstructionPointer;
import dev.hangdoctor.cpython.layout.Layout.InterpreterState;
import dev.hangdoctor.cpython.layout.Layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.Layout.RuntimeState;
import dev.hangdoctor.cpython.layout.Layout.ThreadState;
import java.util.Optional;
import java.util.Set;

/**
 * hangdoctor's own offsets, one row per supported minor version, taken from the verified facts
 * (3.11.2/3.11.7, 3.12.0/3.12.1, 3.13.0/3.13.15, 3.14.10). On 3.13+ they are only the fallback when
 * the interpreter's {@code _Py_DebugOffsets} cannot be trusted.
 */
final class LayoutTables {
  private static final long NO_TAG = ~0L;
  private static final long STACKREF_TAG = ~3L;
  private static final Gil GIL = new Gil(8, 16);

  static final Layout PY311 =
      new Layout(
          11,
          new RuntimeState(40, 576),
          new InterpreterState(0, 16, ABSENT),
          GIL,
          new ThreadState(8, 152, 160, 56, 8, ABSENT, ABSENT, 0, ABSENT, ABSENT),
          new Frame(32, 48, 69, 56, InstructionPointer.PREVIOUS, Set.of(), NO_TAG, 68),
          new Code(112, 120, 128, 136, 72, 96, 184),
          new ObjectLayout(8, 24, 16, 32, 48, 72, 72, 16, 32, 16, 24));

  static final Layout PY312 =
      new Layout(
          12,
          new RuntimeState(40, ABSENT),
          new InterpreterState(0, 72, 384),
          GIL,
          new ThreadState(8, 136, 144, 56, 0, ABSENT, 24, 0x10, ABSENT, ABSENT),
          new Frame(0, 8, 70, 56, InstructionPointer.PREVIOUS, Set.of(3), NO_TAG, ABSENT),
          new Code(112, 120, 128, 136, 68, 96, 192),
          new ObjectLayout(8, 24, 16, 32, 40, 56, 56, 16, 32, 16, 24));

  static final Layout PY313 =
      new Layout(
          13,
          new RuntimeState(632, ABSENT),
          new InterpreterState(7264, 7344, 16),
          GIL,
          new ThreadState(8, 152, 160, ABSENT, ABSENT, 72, 32, 0x20, ABSENT, 40),
          new Frame(0, 8, 70, 56, InstructionPointer.CURRENT, Set.of(3), NO_TAG, ABSENT),
          new Code(112, 120, 128, 136, 68, 96, 200),
          new ObjectLayout(8, 24, 16, 32, 40, 56, 56, 16, 32, 16, 24));

  static final Layout PY314 =
      new Layout(
          14,
          new RuntimeState(808, ABSENT),
          new InterpreterState(7272, 7344, 16),
          GIL,
          new ThreadState(8, 152, 160, ABSENT, ABSENT, 72, 32, 0, 36, 44),
          new Frame(0, 8, 74, 56, InstructionPointer.CURRENT, Set.of(3, 4), STACKREF_TAG, ABSENT),
          new Code(112, 120, 128, 136, 68, 96, 208),
          new ObjectLayout(8, 24, 16, 32, 40, 56, 56, 16, 32, 16, 32));

  private LayoutTables() {}

  /** The table for CPython 3.{@code minor}, if it is supported. */
  static Optional<Layout> forMinor(int minor) {
    return switch (minor) {
      case 11 -> Optional.of(PY311);
      case 12 -> Optional.of(PY312);
      case 13 -> Optional.of(PY313);
      case 14 -> Optional.of(PY314);
      default -> Optional.empty();
    };
  }
}
