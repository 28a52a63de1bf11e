package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.objects.DictItem;
import dev.hangdoctor.cpython.objects.DictReader;
import dev.hangdoctor.cpython.objects.InstanceAttributes;
import dev.hangdoctor.cpython.objects.IntDecoder;
import dev.hangdoctor.cpython.objects.Remote;
import dev.hangdoctor.cpython.objects.StrDecoder;
import dev.hangdoctor.cpython.objects.TypeAddresses;
import dev.hangdoctor.cpython.objects.UnreadableException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one process as the activity readers need them: type names, str, int, tuples,
 * lists, dicts and instance attributes, each read validated and bounded. Objects' types, type
 * names, strs and attribute lists are kept by address for one walk: a pool's threads all wait in
 * the same frames of the same modules, and one look sees each object as it was when first read.
 */
final class Heap {
  private static final int MAX_TYPE_NAME = 128;
  private static final int MAX_LIST = 4096;
  private static final int C_STRING_STEP = 16;

  /** {@code PyTypeObject.tp_members}: a {@code PyMemberDef} array (3.11-3.14, verified live). */
  private static final int TYPE_MEMBERS = 240;

  /** {@code PyTypeObject.tp_base}. */
  private static final int TYPE_BASE = 256;

  /** {@code sizeof(PyMemberDef)}: name, type, offset, flags, doc. */
  private static final int MEMBER_DEF_SIZE = 40;

  /** {@code PyMemberDef.offset}. */
  private static final int MEMBER_DEF_OFFSET = 16;

  /** More members than a {@code __slots__} class plausibly declares. */
  private static final int MAX_MEMBERS = 128;

  /** Base classes followed when looking a slot up. */
  private static final int MAX_BASES = 16;

  /** {@code PyFloatObject.ob_fval}. */
  private static final int FLOAT_VALUE = 16;

  final RemoteMemory memory;
  final ExecutionLayout exec;
  private final Remote remote;
  private final StrDecoder strings;
  private final IntDecoder ints;
  private final DictReader dicts;
  private final InstanceAttributes attributes;
  private final Map<Long, String> typeNames = new HashMap<>();
  private final Map<Long, Long> types = new HashMap<>();
  private final Map<Long, List<DictItem>> attributeLists = new HashMap<>();

  Heap(RemoteMemory memory, ObjectLayout objects, ExecutionLayout exec, TypeAddresses types) {
    this.memory = memory;
    this.exec = exec;
    this.remote = new Remote(memory, objects);
    this.strings = StrDecoder.forOneWalk(remote, types.strType());
    this.ints = new IntDecoder(remote, types.intType());
    this.dicts = new DictReader(remote, types.dictType());
    this.attributes = new InstanceAttributes(remote, dicts, strings);
  }

  static boolean isPointer(long address) {
    return Remote.isPointer(address);
  }

  /** A value-stack reference with 3.14's tag bits cleared ({@code 0x1}, NULL, becomes 0). */
  long untag(long reference) {
    return reference & exec.stackRefTagMask();
  }

  long word(long address) throws UnreadableException {
    return remote.word(address, "word");
  }

  int int32(long address) throws UnreadableException {
    return remote.bytes(address, 4, "int").getInt(0);
  }

  int unsignedByte(long address) throws UnreadableException {
    return remote.unsignedByte(address, "byte");
  }

  /** {@code length} bytes from {@code address}. */
  byte[] bytes(long address, long length) throws UnreadableException {
    ByteBuffer buffer = remote.bytes(address, length, "bytes");
    byte[] result = new byte[(int) length];
    buffer.get(0, result);
    return result;
  }

  /** {@code length} words from {@code address}. */
  long[] words(long address, int length) throws UnreadableException {
    ByteBuffer bytes = remote.bytes(address, 8L * length, "slots");
    long[] result = new long[length];
    for (int i = 0; i < length; i++) {
      result[i] = bytes.getLong(8 * i);
    }
    return result;
  }

  long typeOf(long object) throws UnreadableException {
    Long known = types.get(object);
    if (known == null) {
      known = remote.typeOf(object, "object");
      types.put(object, known);
    }
    return known;
  }

  /** The {@code tp_name} of {@code object}'s type ({@code _thread.lock}, {@code Queue}). */
  String typeName(long object) throws UnreadableException {
    return nameOfType(typeOf(object));
  }

  String nameOfType(long type) throws UnreadableException {
    String cached = typeNames.get(type);
    if (cached == null) {
      long name = remote.word(type + ExecutionLayout.TYPE_NAME, "tp_name");
      if (name <= 0 || name >= 1L << 47) {
        throw new UnreadableException(String.format("tp_name: 0x%x is not a pointer", name));
      }
      cached = cString(name);
      typeNames.put(type, cached);
    }
    return cached;
  }

  long basicSize(long type) throws UnreadableException {
    return remote.word(type + ExecutionLayout.TYPE_BASIC_SIZE, "tp_basicsize");
  }

  /**
   * A NUL-terminated C string of at most {@value #MAX_TYPE_NAME} bytes, read in small steps so a
   * string near the end of a mapping is not read past it.
   */
  String cString(long address) throws UnreadableException {
    byte[] text = new byte[MAX_TYPE_NAME];
    for (int offset = 0; offset < MAX_TYPE_NAME; offset += C_STRING_STEP) {
      ByteBuffer bytes = remote.bytes(address + offset, C_STRING_STEP, "C string");
      for (int i = 0; i < C_STRING_STEP; i++) {
        byte b = bytes.get(i);
        if (b == 0) {
          return new String(text, 0, offset + i, StandardCharsets.UTF_8);
        }
        text[offset + i] = b;
      }
    }
    throw new UnreadableException(String.format("C string at 0x%x: no NUL", address));
  }

  String str(long object) throws UnreadableException {
    return strings.decode(object);
  }

  long integer(long object) throws UnreadableException {
    return ints.decode(object);
  }

  /** {@code object}'s own attribute {@code name}, or 0 when it has none. */
  long attribute(long object, String name) throws UnreadableException {
    return attributes.find(object, name);
  }

  /**
   * {@code object}'s {@code __slots__} member {@code name} (the object it holds, 0 when unset or
   * absent), found by name in the {@code tp_members} of its type and that type's bases.
   */
  long slot(long object, String name) throws UnreadableException {
    long type = typeOf(object);
    for (int depth = 0; depth < MAX_BASES && isPointer(type); depth++) {
      long members = remote.word(type + TYPE_MEMBERS, "tp_members");
      for (int i = 0; isPointer(members) && i < MAX_MEMBERS; i++) {
        long entry = members + (long) MEMBER_DEF_SIZE * i;
        long memberName = remote.word(entry, "member name");
        if (memberName == 0) {
          break;
        }
        if (isPointer(memberName) && name.equals(cString(memberName))) {
          long offset = remote.word(entry + MEMBER_DEF_OFFSET, "member offset");
          if (offset <= 0 || offset > basicSize(type)) {
            throw new UnreadableException("slot " + name + ": implausible offset " + offset);
          }
          return untag(word(object + offset));
        }
      }
      type = remote.word(type + TYPE_BASE, "tp_base");
    }
    return 0;
  }

  /** The value of a {@code float} object. */
  double floatValue(long object) throws UnreadableException {
    if (!"float".equals(typeName(object))) {
      throw new UnreadableException("float: object is a " + typeName(object));
    }
    return remote.bytes(object + FLOAT_VALUE, 8, "float").getDouble(0);
  }

  /** The truth of a {@code bool} object; {@code None} and other objects are not true. */
  boolean isTrue(long object) throws UnreadableException {
    return isPointer(object) && "bool".equals(typeName(object)) && integer(object) != 0;
  }

  /** Every attribute of {@code object}, in insertion order. */
  List<DictItem> attributes(long object) throws UnreadableException {
    List<DictItem> known = attributeLists.get(object);
    if (known == null) {
      known = List.copyOf(attributes.items(object));
      attributeLists.put(object, known);
    }
    return known;
  }

  /** The name of {@code object}'s attribute holding {@code value}, or null. */
  String attributeHolding(long object, long value) throws UnreadableException {
    return attributes.nameOf(object, value);
  }

  List<DictItem> dictItems(long dict) throws UnreadableException {
    return dicts.items(dict);
  }

  int tupleSize(long tuple) throws UnreadableException {
    long size = remote.word(tuple + exec.tupleSize(), "tuple size");
    if (size < 0 || size > 1 << 16) {
      throw new UnreadableException("tuple: implausible size " + size);
    }
    return (int) size;
  }

  long tupleItem(long tuple, int index) throws UnreadableException {
    return remote.word(tuple + exec.tupleItems() + 8L * index, "tuple item");
  }

  /** The items of a {@code list} (at most {@value #MAX_LIST}). */
  List<Long> listItems(long list) throws UnreadableException {
    long size = remote.word(list + 16, "list size");
    if (size < 0 || size > MAX_LIST) {
      throw new UnreadableException("list: implausible size " + size);
    }
    List<Long> items = new ArrayList<>();
    if (size == 0) {
      return items;
    }
    long array = remote.pointer(list + 24, "list items");
    for (long item : words(array, (int) size)) {
      items.add(item);
    }
    return items;
  }

  /** The text of {@code str} item {@code index} of a tuple of names, or null. */
  String nameAt(long tuple, int index) {
    try {
      if (index < 0 || index >= tupleSize(tuple)) {
        return null;
      }
      return str(tupleItem(tuple, index));
    } catch (UnreadableException e) {
      return null;
    }
  }
}
