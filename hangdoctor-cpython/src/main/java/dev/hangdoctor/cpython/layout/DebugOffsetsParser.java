package dev.hangdoctor.cpython.layout;

import dev.hangdoctor.cpython.layout.DebugOffsetsFormat.Field;
import dev.hangdoctor.cpython.layout.Layout.Code;
import dev.hangdoctor.cpython.layout.Layout.Frame;
import dev.hangdoctor.cpython.layout.Layout.Gil;
import dev.hangdoctor.cpython.layout.Layout.InterpreterState;
import dev.hangdoctor.cpython.layout.Layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.Layout.RuntimeState;
import dev.hangdoctor.cpython.layout.Layout.ThreadState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of a {@code _Py_DebugOffsets} block into a {@link Layout}, after checking that
 * the block is one: cookie, version, GIL build, and every offset inside its structure's published
 * size. What the block does not publish (owner values, {@code _status} bits, 3.14's {@code
 * holds_gil} and {@code state} ints, the compact non-ASCII string offset) comes from the version's
 * table. A pure function over bytes.
 */
final class DebugOffsetsParser {
  static final byte[] COOKIE = "xdebugpy".getBytes(StandardCharsets.US_ASCII);
  private static final long MAX_STRUCT_SIZE = 16L << 20;
  private static final int MAX_SMALL_STRUCT = 4096;
  private static final int GIL_STRUCT_LIMIT = 256;

  private final ByteBuffer block;
  private final DebugOffsetsFormat format;

  private DebugOffsetsParser(byte[] block, DebugOffsetsFormat format) {
    this.block = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    this.format = format;
  }

  /**
   * @throws InvalidDebugOffsetsException saying what made the block untrustworthy
   */
  static Layout parse(byte[] block, DebugOffsetsFormat format, Layout table, int versionHex)
      throws InvalidDebugOffsetsException {
    if (block.length < format.size()) {
      throw new InvalidDebugOffsetsException("block shorter than " + format.size() + " bytes");
    }
    if (!Arrays.equals(block, 0, COOKIE.length, COOKIE, 0, COOKIE.length)) {
      throw new InvalidDebugOffsetsException("no xdebugpy cookie");
    }
    return new DebugOffsetsParser(block, format).toLayout(table, versionHex);
  }

  private Layout toLayout(Layout table, int versionHex) throws InvalidDebugOffsetsException {
    long version = value(Field.VERSION);
    if (version != Integer.toUnsignedLong(versionHex)) {
      throw new InvalidDebugOffsetsException(
          String.format("version 0x%x, but the runtime is 0x%x", version, versionHex));
    }
    if (value(Field.FREE_THREADED) != 0) {
      throw InvalidDebugOffsetsException.freeThreadedBuild();
    }
    long runtimeSize = size(Field.RUNTIME_SIZE, MAX_STRUCT_SIZE);
    long interpSize = size(Field.INTERP_SIZE, MAX_STRUCT_SIZE);
    long tstateSize = size(Field.TSTATE_SIZE, MAX_SMALL_STRUCT);
    long frameSize = size(Field.FRAME_SIZE, MAX_SMALL_STRUCT);
    long codeSize = size(Field.CODE_SIZE, MAX_SMALL_STRUCT);
    long objectSize = size(Field.OBJECT_SIZE, MAX_SMALL_STRUCT);
    long typeSize = size(Field.TYPE_SIZE, MAX_SMALL_STRUCT);
    long tupleSize = size(Field.TUPLE_SIZE, MAX_SMALL_STRUCT);
    long bytesSize = size(Field.BYTES_SIZE, MAX_SMALL_STRUCT);
    long unicodeSize = size(Field.UNICODE_SIZE, MAX_SMALL_STRUCT);

    int gil = inside(Field.INTERP_GIL, interpSize, 8);
    Gil gilFields =
        new Gil(
            gilDelta(Field.INTERP_GIL_HOLDER, gil, interpSize),
            gilDelta(Field.INTERP_GIL_LOCKED, gil, interpSize));

    RuntimeState runtime =
        new RuntimeState(inside(Field.INTERPRETERS_HEAD, runtimeSize, 8), Layout.ABSENT);
    InterpreterState interpreter =
        new InterpreterState(
            inside(Field.INTERP_NEXT, interpSize, 8),
            inside(Field.INTERP_THREADS_HEAD, interpSize, 8),
            inside(Field.INTERP_CEVAL_GIL, interpSize, 8));
    ThreadState tableThread = table.thread();
    ThreadState thread =
        new ThreadState(
            inside(Field.TSTATE_NEXT, tstateSize, 8),
            inside(Field.TSTATE_THREAD_ID, tstateSize, 8),
            inside(Field.TSTATE_NATIVE_THREAD_ID, tstateSize, 8),
            Layout.ABSENT,
            Layout.ABSENT,
            inside(Field.TSTATE_CURRENT_FRAME, tstateSize, 8),
            inside(Field.TSTATE_STATUS, tstateSize, 4),
            tableThread.gilStatusBit(),
            tableThread.holdsGil(),
            tableThread.state());
    Frame tableFrame = table.frame();
    Frame frame =
        new Frame(
            inside(Field.FRAME_EXECUTABLE, frameSize, 8),
            inside(Field.FRAME_PREVIOUS, frameSize, 8),
            inside(Field.FRAME_OWNER, frameSize, 1),
            inside(Field.FRAME_INSTR_PTR, frameSize, 8),
            tableFrame.instructionPointer(),
            tableFrame.shimOwners(),
            tableFrame.codeTagMask(),
            tableFrame.isEntry());
    Code code =
        new Code(
            inside(Field.CODE_FILENAME, codeSize, 8),
            inside(Field.CODE_NAME, codeSize, 8),
            inside(Field.CODE_QUALNAME, codeSize, 8),
            inside(Field.CODE_LINETABLE, codeSize, 8),
            inside(Field.CODE_FIRSTLINENO, codeSize, 4),
            inside(Field.CODE_LOCALSPLUSNAMES, codeSize, 8),
            inside(Field.CODE_ADAPTIVE, codeSize, 0));
    int asciiData = inside(Field.UNICODE_ASCII_SIZE, unicodeSize, 0);
    int compactData =
        asciiData + (table.objects().strCompactData() - table.objects().strAsciiData());
    if (compactData > unicodeSize) {
      throw new InvalidDebugOffsetsException("str header of " + unicodeSize + " bytes too small");
    }
    ObjectLayout objects =
        new ObjectLayout(
            inside(Field.OBJECT_OB_TYPE, objectSize, 8),
            inside(Field.TYPE_TP_NAME, typeSize, 8),
            inside(Field.UNICODE_LENGTH, unicodeSize, 8),
            inside(Field.UNICODE_STATE, unicodeSize, 4),
            asciiData,
            compactData,
            compactData,
            inside(Field.BYTES_OB_SIZE, bytesSize, 8),
            inside(Field.BYTES_SVAL, bytesSize, 0),
            inside(Field.TUPLE_OB_SIZE, tupleSize, 8),
            inside(Field.TUPLE_ITEM, tupleSize, 0));
    return new Layout(table.minor(), runtime, interpreter, gilFields, thread, frame, code, objects);
  }

  private long value(Field field) {
    return block.getLong(format.position(field));
  }

  private long size(Field field, long limit) throws InvalidDebugOffsetsException {
    long size = value(field);
    if (size <= 0 || size > limit) {
      throw new InvalidDebugOffsetsException(field + " = " + size + " is implausible");
    }
    return size;
  }

  /** The offset of {@code field}, checked to leave {@code width} bytes inside the structure. */
  private int inside(Field field, long structSize, int width) throws InvalidDebugOffsetsException {
    long offset = value(field);
    if (offset < 0 || offset + width > structSize) {
      throw new InvalidDebugOffsetsException(
          field + " = " + offset + " lies outside its structure of " + structSize + " bytes");
    }
    return (int) offset;
  }

  private int gilDelta(Field field, int gil, long interpSize) throws InvalidDebugOffsetsException {
    int delta = inside(field, interpSize, 4) - gil;
    if (delta < 0 || delta >= GIL_STRUCT_LIMIT) {
      throw new InvalidDebugOffsetsException(field + " is not inside the embedded GIL");
    }
    return delta;
  }
}
