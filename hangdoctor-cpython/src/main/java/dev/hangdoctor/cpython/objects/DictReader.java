package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.DictLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the live entries of a dict, combined or split, with general or str-only keys, through its
 * index table. Every count is bounded and every index checked, so a dict being resized under the
 * reader, or garbage, gives an error or fewer entries, never a long walk.
 */
public final class DictReader {
  public static final int MAX_ENTRIES = 1 << 20;

  private static final int MIN_LOG2_SIZE = 3;
  private static final int MAX_LOG2_SIZE = 21;

  private final Remote remote;
  private final DictLayout layout;
  private final long dictType;

  public DictReader(Remote remote, long dictType) {
    this.remote = remote;
    this.layout = remote.layout().dict();
    this.dictType = dictType;
  }

  /** The live entries of the dict at {@code dict}, in insertion order. */
  public List<DictItem> items(long dict) throws UnreadableException {
    if (!Remote.isPointer(dict)) {
      throw new UnreadableException(String.format("dict: 0x%x is not a pointer", dict));
    }
    remote.requireType(dict, dictType, ObjectLayouts.TPFLAGS_DICT_SUBCLASS, "dict");
    long keys = remote.pointer(dict + layout.maKeys(), "dict keys");
    long values = remote.word(dict + layout.maValues(), "dict values");
    if (values == 0) {
      return entries(keys, 0, 0);
    }
    if (!Remote.isPointer(values)) {
      throw new UnreadableException(String.format("dict: values 0x%x is not a pointer", values));
    }
    return entries(keys, values + layout.valuesItems(), valuesCapacity(values));
  }

  /**
   * The live entries of the split keys at {@code keys} paired with the values block at {@code
   * values} (an instance's own values), in insertion order.
   */
  public List<DictItem> splitItems(long keys, long values) throws UnreadableException {
    if (!Remote.isPointer(keys) || !Remote.isPointer(values)) {
      throw new UnreadableException(
          String.format("split values: 0x%x / 0x%x are not pointers", keys, values));
    }
    return entries(keys, values + layout.valuesItems(), valuesCapacity(values));
  }

  /** The value stored under the str key {@code name}, or 0 if there is none. */
  public long find(List<DictItem> items, StrDecoder strings, String name) {
    for (DictItem item : items) {
      try {
        if (strings.is(item.key(), name)) {
          return item.value();
        }
      } catch (UnreadableException e) {
        // a key that is not a readable str is not the one sought
      }
    }
    return 0;
  }

  private int valuesCapacity(long values) throws UnreadableException {
    return layout.valuesCapacity() < 0
        ? MAX_ENTRIES
        : remote.unsignedByte(values + layout.valuesCapacity(), "values capacity");
  }

  private List<DictItem> entries(long keys, long valueArray, int valueCapacity)
      throws UnreadableException {
    if (!Remote.isPointer(keys)) {
      throw new UnreadableException(String.format("dict keys: 0x%x is not a pointer", keys));
    }
    ByteBuffer header = remote.bytes(keys, layout.keysIndices(), "dict keys header");
    int log2Size = header.get(layout.keysLog2Size()) & 0xff;
    int log2IndexBytes = header.get(layout.keysLog2IndexBytes()) & 0xff;
    int kind = header.get(layout.keysKind()) & 0xff;
    long entryCount = header.getLong(layout.keysEntryCount());
    if (log2Size < MIN_LOG2_SIZE || log2Size > MAX_LOG2_SIZE) {
      throw new UnreadableException("dict keys: implausible log2 size " + log2Size);
    }
    int indexWidth = log2Size < 8 ? 1 : log2Size < 16 ? 2 : 4;
    if (log2IndexBytes != log2Size + Integer.numberOfTrailingZeros(indexWidth)) {
      throw new UnreadableException("dict keys: index bytes do not match size " + log2Size);
    }
    long usable = ((1L << log2Size) << 1) / 3;
    if (entryCount < 0 || entryCount > usable || entryCount > MAX_ENTRIES) {
      throw new UnreadableException("dict keys: implausible entry count " + entryCount);
    }
    boolean split = valueArray != 0;
    if (kind > ObjectLayouts.DICT_KEYS_SPLIT || split != (kind == ObjectLayouts.DICT_KEYS_SPLIT)) {
      throw new UnreadableException("dict keys: kind " + kind + " for a split=" + split + " dict");
    }
    boolean general = kind == ObjectLayouts.DICT_KEYS_GENERAL;
    int entrySize = general ? layout.generalEntrySize() : layout.unicodeEntrySize();
    int keyOffset = general ? layout.generalEntryKey() : layout.unicodeEntryKey();
    int valueOffset = general ? layout.generalEntryValue() : layout.unicodeEntryValue();

    long indicesAddress = keys + layout.keysIndices();
    ByteBuffer indices = remote.bytes(indicesAddress, 1L << log2IndexBytes, "dict indices");
    ByteBuffer entries =
        remote.bytes(
            indicesAddress + (1L << log2IndexBytes), entryCount * entrySize, "dict entries");
    int valueCount = split ? (int) Math.min(entryCount, valueCapacity) : 0;
    ByteBuffer values = split ? remote.bytes(valueArray, 8L * valueCount, "dict values") : null;

    BitSet seen = new BitSet((int) entryCount);
    List<DictItem> items = new ArrayList<>();
    for (int slot = 0; slot < 1 << log2Size; slot++) {
      long ix = index(indices, slot, indexWidth);
      if (ix < 0 || ix >= entryCount || seen.get((int) ix)) {
        continue;
      }
      int i = (int) ix;
      seen.set(i);
      long key = entries.getLong(i * entrySize + keyOffset);
      long value;
      if (!split) {
        value = entries.getLong(i * entrySize + valueOffset);
      } else {
        value = i < valueCount ? values.getLong(8 * i) : 0;
      }
      if (key != 0 && value != 0) {
        items.add(new DictItem(i, key, value));
      }
    }
    items.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return items;
  }

  private static long index(ByteBuffer indices, int slot, int width) {
    return switch (width) {
      case 1 -> indices.get(slot);
      case 2 -> indices.getShort(2 * slot);
      default -> indices.getInt(4 * slot);
    };
  }
}
