package dev.hangdoctor.cpython.layout;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where each value the walk uses sits inside the {@code _Py_DebugOffsets} block, which differs
 * between 3.13 and 3.14. Positions are byte offsets from the start of the block (the cookie).
 */
final class DebugOffsetsFormat {

  /** The values of the block the walk reads. */
  enum Field {
    VERSION,
    FREE_THREADED,
    RUNTIME_SIZE,
    INTERPRETERS_HEAD,
    INTERP_SIZE,
    INTERP_NEXT,
    INTERP_THREADS_HEAD,
    INTERP_CEVAL_GIL,
    INTERP_GIL,
    INTERP_GIL_LOCKED,
    INTERP_GIL_HOLDER,
    TSTATE_SIZE,
    TSTATE_NEXT,
    TSTATE_CURRENT_FRAME,
    TSTATE_THREAD_ID,
    TSTATE_NATIVE_THREAD_ID,
    TSTATE_STATUS,
    FRAME_SIZE,
    FRAME_PREVIOUS,
    FRAME_EXECUTABLE,
    FRAME_INSTR_PTR,
    FRAME_OWNER,
    CODE_SIZE,
    CODE_FILENAME,
    CODE_NAME,
    CODE_QUALNAME,
    CODE_LINETABLE,
    CODE_FIRSTLINENO,
    CODE_LOCALSPLUSNAMES,
    CODE_ADAPTIVE,
    OBJECT_SIZE,
    OBJECT_OB_TYPE,
    TYPE_SIZE,
    TYPE_TP_NAME,
    TUPLE_SIZE,
    TUPLE_ITEM,
    TUPLE_OB_SIZE,
    BYTES_SIZE,
    BYTES_OB_SIZE,
    BYTES_SVAL,
    UNICODE_SIZE,
    UNICODE_STATE,
    UNICODE_LENGTH,
    UNICODE_ASCII_SIZE
  }

  static final DebugOffsetsFormat PY313 =
      new DebugOffsetsFormat(
          584,
          new int[] {
            8, 16, 24, 40, 48, 64, 72, 112, 120, 136, 144, 152, 168, 184, 192, 200, 216, 224, 232,
            240, 248, 264, 272, 280, 288, 296, 304, 312, 328, 344, 352, 360, 368, 376, 400, 408,
            416, 512, 520, 528, 536, 544, 552, 560
          });

  static final DebugOffsetsFormat PY314 =
      new DebugOffsetsFormat(
          760,
          new int[] {
            8, 16, 24, 40, 48, 64, 72, 120, 128, 144, 152, 176, 192, 208, 216, 224, 240, 248, 256,
            264, 272, 288, 312, 320, 328, 336, 344, 352, 368, 384, 400, 408, 416, 424, 448, 456,
            464, 592, 600, 608, 616, 624, 632, 640
          });

  private final int size;
  private final Map<Field, Integer> positions = new EnumMap<>(Field.class);

  private DebugOffsetsFormat(int size, int[] positionsInFieldOrder) {
    Field[] fields = Field.values();
    if (positionsInFieldOrder.length != fields.length) {
      throw new IllegalStateException("one position per field");
    }
    this.size = size;
    for (int i = 0; i < fields.length; i++) {
      positions.put(fields[i], positionsInFieldOrder[i]);
    }
  }

  /** The format for CPython 3.{@code minor}, or null before 3.13 and after 3.14. */
  static DebugOffsetsFormat forMinor(int minor) {
    return switch (minor) {
      case 13 -> PY313;
      case 14 -> PY314;
      default -> null;
    };
  }

  /** Total size of the block in bytes, cookie included. */
  int size() {
    return size;
  }

  int position(Field field) {
    return positions.get(field);
  }
}
