package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.bytecode.BytecodeDecoder;
import dev.hangdoctor.cpython.bytecode.CallSite;
import dev.hangdoctor.cpython.bytecode.CallSites;
import dev.hangdoctor.cpython.bytecode.ExceptionTable;
import dev.hangdoctor.cpython.bytecode.Instruction;
import dev.hangdoctor.cpython.bytecode.LocationTable;
import dev.hangdoctor.cpython.bytecode.OpcodeTable;
import dev.hangdoctor.cpython.bytecode.Position;
import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.objects.UnreadableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the activity readers need of one code object: its decoded bytecode, the position of every
 * code unit, its exception table, its sizes and its names (read only when an instruction needs
 * one).
 */
final class CodeInfo {
  private static final int MAX_UNITS = 1 << 20;
  private static final int MAX_TABLE = 1 << 20;

  final long address;
  final int units;
  final int nLocalsPlus;
  final int stackSize;
  final List<Instruction> instructions;
  final Position[] positions;
  final List<ExceptionTable.Entry> exceptions;
  private final long names;
  private final long localNames;
  private final Heap heap;
  private final OpcodeTable table;
  private final Map<Long, String> nameCache = new HashMap<>();

  private CodeInfo(
      Heap heap,
      OpcodeTable table,
      long address,
      int units,
      int nLocalsPlus,
      int stackSize,
      List<Instruction> instructions,
      Position[] positions,
      List<ExceptionTable.Entry> exceptions,
      long names,
      long localNames) {
    this.heap = heap;
    this.table = table;
    this.address = address;
    this.units = units;
    this.nLocalsPlus = nLocalsPlus;
    this.stackSize = stackSize;
    this.instructions = instructions;
    this.positions = positions;
    this.exceptions = exceptions;
    this.names = names;
    this.localNames = localNames;
  }

  static CodeInfo read(Heap heap, Layout.Code code, OpcodeTable table, long address)
      throws UnreadableException {
    ExecutionLayout exec = heap.exec;
    long size = heap.word(address + exec.codeSize());
    if (size <= 0 || size > MAX_UNITS) {
      throw new UnreadableException("code object: implausible size " + size);
    }
    int units = (int) size;
    byte[] bytecode = bytes(heap, address + code.bytecode(), 2L * units);
    int nLocalsPlus = heap.int32(address + exec.codeNLocalsPlus());
    int stackSize = heap.int32(address + exec.codeStackSize());
    int firstLine = heap.int32(address + code.firstLineNo());
    if (nLocalsPlus < 0 || nLocalsPlus > 1 << 16 || stackSize < 0 || stackSize > 1 << 16) {
      throw new UnreadableException("code object: implausible sizes");
    }
    byte[] lineTable = bytesObject(heap, heap.word(address + code.lineTable()));
    byte[] exceptionTable = bytesObject(heap, heap.word(address + exec.codeExceptionTable()));
    return new CodeInfo(
        heap,
        table,
        address,
        units,
        nLocalsPlus,
        stackSize,
        BytecodeDecoder.decode(bytecode, table),
        LocationTable.positions(lineTable, firstLine, units),
        ExceptionTable.parse(exceptionTable),
        heap.word(address + exec.codeNames()),
        heap.word(address + exec.codeLocalsPlusNames()));
  }

  private static byte[] bytesObject(Heap heap, long object) throws UnreadableException {
    if (!Heap.isPointer(object)) {
      throw new UnreadableException("code object: bytes field is not a pointer");
    }
    long size = heap.word(object + 16);
    if (size < 0 || size > MAX_TABLE) {
      throw new UnreadableException("code object: implausible table size " + size);
    }
    return bytes(heap, object + 32, size);
  }

  private static byte[] bytes(Heap heap, long address, long length) throws UnreadableException {
    return heap.bytes(address, length);
  }

  /** The call or {@code with} entry at code unit {@code unit}, if that is one. */
  Optional<CallSite> callAt(int unit) {
    return CallSites.at(instructions, positions, table, this::name, unit);
  }

  /** The position of code unit {@code unit}. */
  Position positionAt(int unit) {
    return unit >= 0 && unit < positions.length ? positions[unit] : Position.NONE;
  }

  /** The name of local {@code index} ({@code co_localsplusnames}), or null. */
  String localName(int index) {
    return name(true, index);
  }

  private String name(boolean local, int index) {
    long key = ((long) index << 1) | (local ? 1 : 0);
    if (nameCache.containsKey(key)) {
      return nameCache.get(key);
    }
    String name = heap.nameAt(local ? localNames : names, index);
    nameCache.put(key, name);
    return name;
  }

  /** The exception-table entry covering code unit {@code unit}, or null. */
  ExceptionTable.Entry exceptionEntryAt(int unit) {
    return ExceptionTable.covering(exceptions, unit);
  }
}
