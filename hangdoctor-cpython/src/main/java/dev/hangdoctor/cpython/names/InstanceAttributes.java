package dev.hangdoctor.cpython.names;

import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;

/**
 * Looks up an attribute stored in an instance's own attributes, wherever its version keeps them: a
 * materialised {@code __dict__}, or the values array keyed by the type's cached split keys.
 */
final class InstanceAttributes {
  private static final int MAX_BASIC_SIZE = 1 << 16;

  private final Remote remote;
  private final ObjectLayout layout;
  private final DictReader dicts;
  private final StrDecoder strings;

  InstanceAttributes(Remote remote, DictReader dicts, StrDecoder strings) {
    this.remote = remote;
    this.layout = remote.layout();
    this.dicts = dicts;
    this.strings = strings;
  }

  /** The address of {@code object}'s attribute {@code name}, or 0 if it has none. */
  long find(long object, String name) throws UnreadableException {
    return dicts.find(items(object), strings, name);
  }

  /** Every attribute of {@code object}'s own attributes, as (name, value) items. */
  java.util.List<DictItem> items(long object) throws UnreadableException {
    if (!Remote.isPointer(object)) {
      throw new UnreadableException(String.format("instance: 0x%x is not a pointer", object));
    }
    long type = remote.typeOf(object, "instance");
    long flags = remote.typeFlags(type, "instance");
    if ((flags & ObjectLayouts.TPFLAGS_MANAGED_DICT) == 0) {
      long dictOffset = remote.word(type + layout.typeDictOffset(), "tp_dictoffset");
      if (dictOffset <= 0 || dictOffset > MAX_BASIC_SIZE) {
        throw new UnreadableException("instance: no dict at a fixed offset (" + dictOffset + ")");
      }
      return inDict(remote.word(object + dictOffset, "instance dict"));
    }
    return switch (layout.attributeStorage()) {
      case VALUES_OR_DICT_POINTERS -> {
        long values = remote.word(object + layout.managedValues(), "instance values");
        yield values != 0
            ? inValues(type, flags, values)
            : inDict(remote.word(object + layout.managedDict(), "instance dict"));
      }
      case TAGGED_DICT_OR_VALUES -> {
        long word = remote.word(object + layout.managedDict(), "instance dict or values");
        yield (word & 1) != 0 ? inValues(type, flags, word + 1) : inDict(word);
      }
      case INLINE_VALUES -> {
        if ((flags & ObjectLayouts.TPFLAGS_INLINE_VALUES) != 0) {
          long values = object + basicSize(type);
          int valid = remote.unsignedByte(values + layout.dict().valuesValid(), "values valid");
          if (valid == 1) {
            yield inValues(type, flags, values);
          }
        }
        yield inDict(remote.word(object + layout.managedDict(), "instance dict"));
      }
    };
  }

  private java.util.List<DictItem> inDict(long dict) throws UnreadableException {
    return dict == 0 ? java.util.List.of() : dicts.items(dict);
  }

  private java.util.List<DictItem> inValues(long type, long flags, long values)
      throws UnreadableException {
    if ((flags & ObjectLayouts.TPFLAGS_HEAPTYPE) == 0) {
      throw new UnreadableException("instance: split values on a static type");
    }
    long keys = remote.pointer(type + layout.heapTypeCachedKeys(), "ht_cached_keys");
    return dicts.splitItems(keys, values);
  }

  private long basicSize(long type) throws UnreadableException {
    long size = remote.word(type + layout.typeBasicSize(), "tp_basicsize");
    if (size < 16 || size > MAX_BASIC_SIZE || (size & 7) != 0) {
      throw new UnreadableException("instance: implausible tp_basicsize " + size);
    }
    return size;
  }
}
