package dev.hangdoctor.cpython.objects;

import dev.hangdoctor.cpython.layout.DictLayout;
import dev.hangdoctor.cpython.layout.ObjectAttributeStorage;
import dev.hangdoctor.cpython.layout.ObjectLayout;
import dev.hangdoctor.cpython.layout.ObjectLayouts;
import dev.hangdoctor.linux.memory.RecordedMemory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A CPython heap image for one minor version, built object by object in the same layouts the reader
 * uses, and recorded as {@link RecordedMemory}. Every object gets a 32-byte pre-header, like
 * instances with a managed dict.
 */
public final class Image {
  public static final long BASE = 0x10000;
  private static final int PRE_HEADER = 32;

  public final ObjectLayout layout;
  public final DictLayout dict;
  public final long dictType;
  public final long strType;
  public final long intType;
  public final long moduleType;

  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private int top;

  public Image(int minor) {
    layout = ObjectLayouts.forMinor(minor).orElseThrow();
    dict = layout.dict();
    dictType = type(ObjectLayouts.TPFLAGS_DICT_SUBCLASS, 48);
    strType = type(ObjectLayouts.TPFLAGS_UNICODE_SUBCLASS, 64);
    intType = type(ObjectLayouts.TPFLAGS_LONG_SUBCLASS, 32);
    moduleType = type(0, 64);
  }

  public int minor() {
    return layout.minor();
  }

  public RecordedMemory memory() {
    return new RecordedMemory().with(BASE, Arrays.copyOf(bytes.array(), top));
  }

  public long alloc(int size) {
    top += PRE_HEADER;
    long address = BASE + top;
    top += (size + 15) & ~15;
    return address;
  }

  public void putLong(long address, long value) {
    bytes.putLong((int) (address - BASE), value);
  }

  public void putInt(long address, int value) {
    bytes.putInt((int) (address - BASE), value);
  }

  public void putByte(long address, int value) {
    bytes.put((int) (address - BASE), (byte) value);
  }

  public long object(long type, int size) {
    long address = alloc(size);
    putLong(address, 1);
    putLong(address + 8, type);
    return address;
  }

  public long type(long flags, long basicSize) {
    long type = alloc(1024);
    putLong(type + layout.typeFlags(), flags);
    putLong(type + layout.typeBasicSize(), basicSize);
    return type;
  }

  /** A heap type whose instances keep attributes the VM's way, sharing {@code cachedKeys}. */
  public long classWithManagedDict(long cachedKeys) {
    long flags = ObjectLayouts.TPFLAGS_HEAPTYPE | ObjectLayouts.TPFLAGS_MANAGED_DICT;
    if (layout.attributeStorage() == ObjectAttributeStorage.INLINE_VALUES) {
      flags |= ObjectLayouts.TPFLAGS_INLINE_VALUES;
    }
    long type = type(flags, 16);
    putLong(type + layout.heapTypeCachedKeys(), cachedKeys);
    return type;
  }

  public long str(String text) {
    int max = text.codePoints().max().orElse(0);
    int kind = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    boolean ascii = max < 0x80;
    int[] codePoints = text.codePoints().toArray();
    int start = ascii ? layout.strAsciiData() : layout.strCompactData();
    long str = object(strType, start + (codePoints.length + 1) * kind);
    putLong(str + layout.strLength(), codePoints.length);
    putInt(str + layout.strState(), (kind << 2) | 0x20 | (ascii ? 0x40 : 0));
    for (int i = 0; i < codePoints.length; i++) {
      long at = str + start + (long) i * kind;
      switch (kind) {
        case 1 -> putByte(at, codePoints[i]);
        case 2 -> bytes.putShort((int) (at - BASE), (short) codePoints[i]);
        default -> putInt(at, codePoints[i]);
      }
    }
    return str;
  }

  /** An int object holding {@code value}, written digit by digit. */
  public long integer(BigInteger value) {
    BigInteger magnitude = value.abs();
    int digitCount = (magnitude.bitLength() + 29) / 30;
    long object = object(intType, layout.intDigits() + 4 * Math.max(1, digitCount));
    for (int i = 0; i < digitCount; i++) {
      putInt(
          object + layout.intDigits() + 4L * i,
          magnitude.shiftRight(30 * i).intValue() & ((1 << 30) - 1));
    }
    putLong(object + layout.intSize(), intSize(value.signum(), digitCount));
    return object;
  }

  public long intSize(int signum, long digitCount) {
    if (!layout.intTagged()) {
      return signum * digitCount;
    }
    return (digitCount << 3) | (signum == 0 ? 1 : signum < 0 ? 2 : 0);
  }

  public long integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  /**
   * A dict keys object of {@code kind} whose entries are the {@code (key, value)} pairs, with slot
   * {@code i} of the index table pointing at entry {@code i}; entry size and table size follow the
   * kind and count.
   */
  public long keys(int kind, long... pairs) {
    int count = pairs.length / 2;
    int log2Size = 3;
    while (((1 << log2Size) * 2) / 3 < count) {
      log2Size++;
    }
    int width = log2Size < 8 ? 1 : 2;
    int indexBytes = (1 << log2Size) * width;
    boolean general = kind == ObjectLayouts.DICT_KEYS_GENERAL;
    int entrySize = general ? dict.generalEntrySize() : dict.unicodeEntrySize();
    long keys = alloc(dict.keysIndices() + indexBytes + entrySize * ((1 << log2Size) * 2 / 3));
    putLong(keys, 1);
    putByte(keys + dict.keysLog2Size(), log2Size);
    putByte(keys + dict.keysLog2IndexBytes(), log2Size + Integer.numberOfTrailingZeros(width));
    putByte(keys + dict.keysKind(), kind);
    putLong(keys + dict.keysEntryCount(), count);
    for (int slot = 0; slot < 1 << log2Size; slot++) {
      setIndex(keys, slot, slot < count ? slot : ObjectLayouts.DKIX_EMPTY);
    }
    for (int i = 0; i < count; i++) {
      long entry = entry(keys, i);
      putLong(entry + (general ? dict.generalEntryKey() : dict.unicodeEntryKey()), pairs[2 * i]);
      putLong(
          entry + (general ? dict.generalEntryValue() : dict.unicodeEntryValue()),
          pairs[2 * i + 1]);
    }
    return keys;
  }

  public void setIndex(long keys, int slot, long ix) {
    long at = keys + dict.keysIndices();
    if (log2Size(keys) < 8) {
      putByte(at + slot, (int) ix);
    } else {
      bytes.putShort((int) (at + 2L * slot - BASE), (short) ix);
    }
  }

  public long entry(long keys, int i) {
    int log2IndexBytes = bytes.get((int) (keys + dict.keysLog2IndexBytes() - BASE));
    boolean general = bytes.get((int) (keys + dict.keysKind() - BASE)) == 0;
    int entrySize = general ? dict.generalEntrySize() : dict.unicodeEntrySize();
    return keys + dict.keysIndices() + (1L << log2IndexBytes) + (long) entrySize * i;
  }

  private int log2Size(long keys) {
    return bytes.get((int) (keys + dict.keysLog2Size() - BASE));
  }

  /** Split keys holding the attribute {@code names} (values live elsewhere). */
  public long splitKeys(String... names) {
    long[] pairs = new long[2 * names.length];
    for (int i = 0; i < names.length; i++) {
      pairs[2 * i] = str(names[i]);
    }
    return keys(ObjectLayouts.DICT_KEYS_SPLIT, pairs);
  }

  /** A values block as a split dict or an instance points at it. */
  public long values(long... values) {
    long block = alloc(dict.valuesItems() + 8 * Math.max(1, values.length));
    fillValues(block, values);
    return block;
  }

  public void fillValues(long block, long... values) {
    if (dict.valuesCapacity() >= 0) {
      putByte(block + dict.valuesCapacity(), values.length);
      putByte(block + dict.valuesValid(), 1);
    }
    for (int i = 0; i < values.length; i++) {
      putLong(block + dict.valuesItems() + 8L * i, values[i]);
    }
  }

  public long dict(long keys, long values) {
    long d = object(dictType, 48);
    putLong(d + dict.maKeys(), keys);
    putLong(d + dict.maValues(), values);
    return d;
  }

  /** A combined dict with str keys. */
  public long strDict(Object... keysAndValues) {
    long[] pairs = new long[keysAndValues.length];
    for (int i = 0; i < keysAndValues.length; i += 2) {
      pairs[i] = str((String) keysAndValues[i]);
      pairs[i + 1] = (Long) keysAndValues[i + 1];
    }
    return dict(keys(ObjectLayouts.DICT_KEYS_UNICODE, pairs), 0);
  }

  public long module(long moduleDict) {
    long module = object(moduleType, 48);
    putLong(module + layout.moduleDict(), moduleDict);
    return module;
  }

  /** An instance of {@code type} whose attributes are {@code values}, keyed by its cached keys. */
  public long instanceWithValues(long type, long... values) {
    long instance = object(type, 16 + dict.valuesItems() + 8 * values.length);
    switch (layout.attributeStorage()) {
      case VALUES_OR_DICT_POINTERS -> putLong(instance + layout.managedValues(), values(values));
      case TAGGED_DICT_OR_VALUES -> putLong(instance + layout.managedDict(), values(values) - 1);
      case INLINE_VALUES -> fillValues(instance + 16, values);
    }
    return instance;
  }

  /** An instance of {@code type} whose attributes were moved to the dict {@code attributes}. */
  public long instanceWithDict(long type, long attributes) {
    long instance = object(type, 16 + dict.valuesItems() + 8);
    putLong(instance + layout.managedDict(), attributes);
    return instance;
  }

  public long interpreter(long modules) {
    long interp = alloc(layout.interpreterModules() + 8);
    putLong(interp + layout.interpreterModules(), modules);
    return interp;
  }
}
