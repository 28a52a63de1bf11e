package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Public reads of the target's Python objects for readers outside this package (the asyncio task
 * graph): type names and base types, str, int, float, dict, instance attributes, list, tuple, set
 * and {@code collections.deque}. Every read validates what it returns and answers "unreadable" as
 * an empty {@link Optional} or an empty list, never by throwing, since the target keeps running.
 */
public final class ObjectReader {
  private static final int TYPE_OFFSET = 8;
  private static final int TYPE_NAME = 24;
  private static final int TYPE_BASE = 256;
  private static final int MAX_TYPE_NAME = 200;
  private static final int MAX_BASES = 16;
  private static final int VAR_SIZE = 16;
  private static final int LIST_ITEMS = 24;
  private static final int TUPLE_ITEMS = 24;
  private static final int TUPLE_ITEMS_3_14 = 32;
  private static final int FLOAT_VALUE = 16;
  private static final int MAX_ITEMS = 1 << 20;
  private static final int SET_MASK = 32;
  private static final int SET_TABLE = 40;
  private static final int SET_USED = 24;
  private static final int DEQUE_LEFT_BLOCK = 24;
  private static final int DEQUE_LEFT_INDEX = 40;
  private static final int DEQUE_BLOCK_LEN = 64;
  private static final int DEQUE_RIGHT_LINK = 8 + 8 * DEQUE_BLOCK_LEN;

  private final Remote remote;
  private final StrDecoder strings;
  private final IntDecoder ints;
  private final DictReader dicts;
  private final InstanceAttributes attributes;
  private final SlotAttributes slots;
  private final Map<Long, String> typeNames = new HashMap<>();

  public ObjectReader(RemoteMemory memory, ObjectLayout layout, TypeAddresses types) {
    this.remote = new Remote(memory, layout);
    this.strings = new StrDecoder(remote, types.strType());
    this.ints = new IntDecoder(remote, types.intType());
    this.dicts = new DictReader(remote, types.dictType());
    this.attributes = new InstanceAttributes(remote, dicts, strings);
    this.slots = new SlotAttributes(remote);
  }

  /** True for a plausible object pointer: non-zero, 8-aligned, in user space. */
  public static boolean isPointer(long address) {
    return Remote.isPointer(address);
  }

  /** The 8-byte word at {@code address}. */
  public Optional<Long> word(long address) {
    try {
      return Optional.of(remote.word(address, "word"));
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  /** {@code length} little-endian bytes at {@code address}. */
  public Optional<ByteBuffer> bytes(long address, int length) {
    try {
      return Optional.of(remote.bytes(address, length, "bytes"));
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  /** The address of {@code object}'s type. */
  public long typeOf(long object) {
    try {
      return remote.typeOf(object, "object");
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /** The {@code tp_name} of {@code object}'s type ("" when unreadable). */
  public String typeName(long object) {
    return isPointer(object) ? nameOfType(typeOf(object)) : "";
  }

  /** The {@code tp_name} of the type at {@code type}, cached per type ("" when unreadable). */
  public String nameOfType(long type) {
    if (!isPointer(type)) {
      return "";
    }
    String cached = typeNames.get(type);
    if (cached != null) {
      return cached;
    }
    String name = "";
    long chars = 0;
    try {
      chars = remote.word(type + TYPE_NAME, "tp_name");
      if (chars <= 0 || chars >= 1L << 47) {
        typeNames.put(type, name);
        return name;
      }
      byte[] raw = new byte[MAX_TYPE_NAME];
      ByteBuffer buffer = remote.bytes(chars, MAX_TYPE_NAME, "tp_name chars");
      buffer.get(raw);
      int end = 0;
      while (end < raw.length && raw[end] != 0) {
        end++;
      }
      name = new String(raw, 0, end, StandardCharsets.UTF_8);
    } catch (UnreadableException e) {
      try {
        name = chars == 0 ? "" : shortCString(chars);
      } catch (UnreadableException again) {
        name = "";
      }
    }
    typeNames.put(type, name);
    return name;
  }

  /** The NUL-terminated C string at {@code chars} (up to 200 bytes), or "" when unreadable. */
  public String cString(long chars) {
    if (chars <= 0 || chars >= 1L << 47) {
      return "";
    }
    try {
      return shortCString(chars);
    } catch (UnreadableException e) {
      return "";
    }
  }

  private String shortCString(long chars) throws UnreadableException {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < MAX_TYPE_NAME; i++) {
      int c = remote.unsignedByte(chars + i, "tp_name char");
      if (c == 0) {
        break;
      }
      name.append((char) c);
    }
    return name.toString();
  }

  /** True when {@code object}'s type, or one of its {@code tp_base} ancestors, is named so. */
  public boolean isInstance(long object, String typeName) {
    long type = typeOf(object);
    for (int depth = 0; depth < MAX_BASES && isPointer(type); depth++) {
      if (nameOfType(type).equals(typeName)) {
        return true;
      }
      type = word(type + TYPE_BASE).orElse(0L);
    }
    return false;
  }

  /** The str at {@code object}. */
  public Optional<String> str(long object) {
    try {
      return Optional.of(strings.decode(object));
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  /** The int at {@code object} (bools included), if it fits in 64 bits. */
  public Optional<Long> integer(long object) {
    try {
      return Optional.of(ints.decode(object));
    } catch (UnreadableException e) {
      return Optional.empty();
    }
  }

  /** The float at {@code object}. */
  public Optional<Double> floatValue(long object) {
    if (!typeName(object).equals("float")) {
      return Optional.empty();
    }
    return bytes(object + FLOAT_VALUE, 8).map(buffer -> buffer.getDouble(0));
  }

  /**
   * The address of {@code object}'s instance attribute {@code name}, or 0: from its own attributes,
   * else from a {@code __slots__} member of that name.
   */
  public long attribute(long object, String name) {
    long value;
    try {
      value = attributes.find(object, name);
    } catch (UnreadableException e) {
      value = 0;
    }
    if (value != 0 || !isPointer(object)) {
      return value;
    }
    try {
      return slots.find(object, name);
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /** The name of {@code object}'s instance attribute whose value is {@code value}, or null. */
  public String attributeNameOf(long object, long value) {
    try {
      return isPointer(object) ? attributes.nameOf(object, value) : null;
    } catch (UnreadableException e) {
      return null;
    }
  }

  /** The values of {@code object}'s own instance attributes (empty when it has none). */
  public List<Long> attributeValues(long object) {
    try {
      List<Long> values = new ArrayList<>();
      for (DictItem item : attributes.items(object)) {
        values.add(item.value());
      }
      return values;
    } catch (UnreadableException e) {
      return List.of();
    }
  }

  /** The value under the str key {@code key} of the dict at {@code dict}, or 0. */
  public long dictValue(long dict, String key) {
    try {
      return dicts.find(dicts.items(dict), strings, key);
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /** The (key, value) address pairs of the dict at {@code dict}, in insertion order. */
  public List<long[]> dictEntries(long dict) {
    try {
      List<long[]> entries = new ArrayList<>();
      for (DictItem item : dicts.items(dict)) {
        entries.add(new long[] {item.key(), item.value()});
      }
      return entries;
    } catch (UnreadableException e) {
      return List.of();
    }
  }

  /** The module {@code name} from the {@code sys.modules} of the interpreter, or 0. */
  public long module(long interpreterState, String name) {
    try {
      long modules =
          remote.pointer(interpreterState + remote.layout().interpreterModules(), "sys.modules");
      return dicts.find(dicts.items(modules), strings, name);
    } catch (UnreadableException e) {
      return 0;
    }
  }

  /** The value of the global {@code name} of the module at {@code module}, or 0. */
  public long moduleGlobal(long module, String name) {
    if (!isPointer(module)) {
      return 0;
    }
    return word(module + remote.layout().moduleDict()).map(d -> dictValue(d, name)).orElse(0L);
  }

  /**
   * The items of a list or tuple (by its type name), at most {@code limit}. 3.14's tuples cache
   * their hash before the items.
   */
  public List<Long> sequence(long object, int limit) {
    String type = typeName(object);
    boolean tuple = type.equals("tuple");
    if (!tuple && !type.equals("list")) {
      return List.of();
    }
    try {
      long size = remote.word(object + VAR_SIZE, "sequence size");
      if (size < 0 || size > MAX_ITEMS) {
        return List.of();
      }
      int count = (int) Math.min(size, limit);
      int tupleItems = remote.layout().minor() >= 14 ? TUPLE_ITEMS_3_14 : TUPLE_ITEMS;
      long items = tuple ? object + tupleItems : remote.word(object + LIST_ITEMS, "list items");
      if (count == 0) {
        return List.of();
      }
      ByteBuffer words = remote.bytes(items, 8L * count, "sequence items");
      List<Long> result = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long item = words.getLong(8 * i);
        if (isPointer(item)) {
          result.add(item);
        }
      }
      return result;
    } catch (UnreadableException e) {
      return List.of();
    }
  }

  /** The keys of a set or frozenset, at most {@code limit}; dummies are left out. */
  public List<Long> setMembers(long set, int limit) {
    try {
      long mask = remote.word(set + SET_MASK, "set mask");
      long used = remote.word(set + SET_USED, "set used");
      if (mask < 0 || mask >= MAX_ITEMS || used < 0 || used > mask + 1) {
        return List.of();
      }
      long table = remote.pointer(set + SET_TABLE, "set table");
      ByteBuffer entries = remote.bytes(table, 16 * (mask + 1), "set entries");
      Map<Long, Integer> seen = new HashMap<>();
      List<Long> keys = new ArrayList<>();
      for (int i = 0; i <= mask && keys.size() < Math.min(used, limit); i++) {
        long key = entries.getLong(16 * i);
        if (isPointer(key) && !typeName(key).startsWith("<dummy key>")) {
          if (seen.put(key, i) == null) {
            keys.add(key);
          }
        }
      }
      return keys;
    } catch (UnreadableException e) {
      return List.of();
    }
  }

  /** The length of a {@code collections.deque}, read from its header alone. */
  public Optional<Integer> dequeLength(long deque) {
    if (!isInstance(deque, "collections.deque")) {
      return Optional.empty();
    }
    return word(deque + VAR_SIZE)
        .filter(size -> size >= 0 && size <= MAX_ITEMS)
        .map(Long::intValue);
  }

  /** The items of a {@code collections.deque}, left to right, at most {@code limit}. */
  public List<Long> dequeItems(long deque, int limit) {
    if (!isInstance(deque, "collections.deque")) {
      return List.of();
    }
    try {
      long size = remote.word(deque + VAR_SIZE, "deque size");
      if (size < 0 || size > MAX_ITEMS) {
        return List.of();
      }
      long block = remote.pointer(deque + DEQUE_LEFT_BLOCK, "deque leftblock");
      long index = remote.word(deque + DEQUE_LEFT_INDEX, "deque leftindex");
      if (index < 0 || index >= DEQUE_BLOCK_LEN) {
        return List.of();
      }
      List<Long> items = new ArrayList<>();
      long count = Math.min(size, limit);
      while (items.size() < count) {
        if (index == DEQUE_BLOCK_LEN) {
          block = remote.pointer(block + DEQUE_RIGHT_LINK, "deque rightlink");
          index = 0;
        }
        items.add(remote.word(block + 8 + 8 * index, "deque item"));
        index++;
      }
      return items;
    } catch (UnreadableException e) {
      return List.of();
    }
  }
}
