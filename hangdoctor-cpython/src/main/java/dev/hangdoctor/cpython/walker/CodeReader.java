package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and validates code objects, cached by address for one walk. The object's type must be the
 * code type; without the exported {@code PyCode_Type} the fields must also look like a code
 * object's (non-empty names, a positive first line, a tuple of local names that holds strings).
 */
final class CodeReader {
  static final int MAX_LINE_TABLE = 1 << 20;
  private static final int MAX_CACHED = 16_384;
  private static final int MAX_LOCALS = 1 << 16;

  private final RemoteMemory memory;
  private final Layout layout;
  private final Types types;
  private final StringReader strings;
  private final Map<Long, CodeObject> cache = new HashMap<>();

  CodeReader(RemoteMemory memory, Layout layout, Types types, StringReader strings) {
    this.memory = memory;
    this.layout = layout;
    this.types = types;
    this.strings = strings;
  }

  CodeObject read(long address) throws MemoryReadException, WalkFault {
    CodeObject cached = cache.get(address);
    if (cached != null) {
      return cached;
    }
    CodeObject code = readUncached(address);
    if (cache.size() < MAX_CACHED) {
      cache.put(address, code);
    }
    return code;
  }

  private CodeObject readUncached(long address) throws MemoryReadException, WalkFault {
    Layout.Code fields = layout.code();
    types.require(address, Types.Kind.CODE, "code object");
    Block block = Block.read(memory, address, fields.span(), "code object");
    String filename = strings.read(block.pointer(fields.filename()), "co_filename");
    String name = strings.read(block.pointer(fields.name()), "co_name");
    String qualname = strings.read(block.pointer(fields.qualname()), "co_qualname");
    int firstLine = block.int32(fields.firstLineNo());
    byte[] lineTable = readBytes(block.pointer(fields.lineTable()));
    if (firstLine < 0) {
      throw new WalkFault(String.format("code object at 0x%x: first line %d", address, firstLine));
    }
    if (!types.exported(Types.Kind.CODE)) {
      requireCodeShape(address, block, filename, name, firstLine);
    }
    return new CodeObject(
        name, qualname, filename, firstLine, lineTable, address + fields.bytecode());
  }

  private void requireCodeShape(
      long address, Block block, String filename, String name, int firstLine)
      throws MemoryReadException, WalkFault {
    if (filename.isEmpty() || name.isEmpty() || firstLine <= 0) {
      throw new WalkFault(
          String.format(
              "code object at 0x%x: name '%s', file '%s', first line %d",
              address, name, filename, firstLine));
    }
    Layout.ObjectLayout objects = layout.objects();
    long names = block.pointer(layout.code().localsPlusNames());
    types.require(names, Types.Kind.TUPLE, "co_localsplusnames");
    long count = memory.readLong(names + objects.tupleSize());
    if (count < 0 || count > MAX_LOCALS) {
      throw new WalkFault(String.format("co_localsplusnames at 0x%x: size %d", names, count));
    }
    if (count > 0) {
      types.require(
          memory.readLong(names + objects.tupleItems()), Types.Kind.STR, "first local name");
    }
  }

  private byte[] readBytes(long address) throws MemoryReadException, WalkFault {
    Layout.ObjectLayout objects = layout.objects();
    types.require(address, Types.Kind.BYTES, "co_linetable");
    long size = memory.readLong(address + objects.bytesSize());
    if (size < 0 || size > MAX_LINE_TABLE) {
      throw new WalkFault(String.format("co_linetable at 0x%x: size %d", address, size));
    }
    return memory.read(address + objects.bytesData(), (int) size);
  }
}
