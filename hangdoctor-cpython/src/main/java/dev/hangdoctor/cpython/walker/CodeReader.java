package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and validates code objects, cached by address for one walk and, through a {@link
 * CodeCache}, across walks of the same process (one block read then confirms a code object). The
 * object's type must be the code type; without the exported {@code PyCode_Type} the fields must
 * also look like a code object's (non-empty names, a positive first line, a tuple of local names
 * that holds strings).
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
  private final CodeCache kept;

  CodeReader(
      RemoteMemory memory, Layout layout, Types types, StringReader strings, CodeCache kept) {
    this.memory = memory;
    this.layout = layout;
    this.types = types;
    this.strings = strings;
    this.kept = kept;
  }

  CodeObject read(long address) throws MemoryReadException, WalkFault {
    CodeObject cached = cache.get(address);
    if (cached != null) {
      return cached;
    }
    Block block = Block.read(memory, address, layout.code().span(), "code object");
    long[] identity = identity(block);
    CodeObject code = kept.lookup(address, identity);
    if (code == null) {
      code = decode(address, block);
      kept.remember(address, identity, code);
    }
    if (cache.size() < MAX_CACHED) {
      cache.put(address, code);
    }
    return code;
  }

  /** The fields a code object is decoded from, with its type: what {@link CodeCache} compares. */
  private long[] identity(Block block) {
    Layout.Code fields = layout.code();
    return new long[] {
      block.pointer(layout.objects().obType()),
      block.pointer(fields.filename()),
      block.pointer(fields.name()),
      block.pointer(fields.qualname()),
      block.pointer(fields.lineTable()),
      block.int32(fields.firstLineNo()),
      block.pointer(fields.localsPlusNames())
    };
  }

  private CodeObject decode(long address, Block block) throws MemoryReadException, WalkFault {
    Layout.Code fields = layout.code();
    types.requireType(
        address, block.pointer(layout.objects().obType()), Types.Kind.CODE, "code object");
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
