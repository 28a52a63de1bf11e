package dev.hangdoctor.cpython.layout;

import java.util.Optional;

/**
 * The {@link ObjectLayout} of each supported CPython minor version, chosen in {@link
 * #forMinor(int)}, plus the object-model constants that are the same in all of them.
 *
 * <p>Provenance: 3.11 (Debian 3.11.2 and pyenv 3.11.7), 3.12 (pyenv 3.12.1) and 3.13 (pyenv 3.13.0)
 * come from an {@code offsetof} program compiled against each one's installed headers, and were
 * confirmed from inside live interpreters with {@code ctypes} and by reading thread names of live
 * processes. 3.14 repeats 3.13's object internals with 3.14's {@code imports.modules}, and matches
 * 3.14.10's own {@code _Py_DebugOffsets} for dict, str and int; it was not verified live.
 */
public final class ObjectLayouts {
  /** {@code Py_TPFLAGS_INLINE_VALUES} (3.13+): instances carry their values block inline. */
  public static final long TPFLAGS_INLINE_VALUES = 1L << 2;

  /** {@code Py_TPFLAGS_MANAGED_DICT}: the VM places the instance dict (3.11+). */
  public static final long TPFLAGS_MANAGED_DICT = 1L << 4;

  /** {@code Py_TPFLAGS_HEAPTYPE}: the type is a {@code PyHeapTypeObject}. */
  public static final long TPFLAGS_HEAPTYPE = 1L << 9;

  /** {@code Py_TPFLAGS_LONG_SUBCLASS}. */
  public static final long TPFLAGS_LONG_SUBCLASS = 1L << 24;

  /** {@code Py_TPFLAGS_UNICODE_SUBCLASS}. */
  public static final long TPFLAGS_UNICODE_SUBCLASS = 1L << 28;

  /** {@code Py_TPFLAGS_DICT_SUBCLASS}. */
  public static final long TPFLAGS_DICT_SUBCLASS = 1L << 29;

  /** {@code DICT_KEYS_GENERAL}: entries carry hash, key and value. */
  public static final int DICT_KEYS_GENERAL = 0;

  /** {@code DICT_KEYS_UNICODE}: str keys only; entries carry key and value. */
  public static final int DICT_KEYS_UNICODE = 1;

  /** {@code DICT_KEYS_SPLIT}: str keys shared by instances; values live apart. */
  public static final int DICT_KEYS_SPLIT = 2;

  /** {@code DKIX_EMPTY}: an index-table slot never used. */
  public static final int DKIX_EMPTY = -1;

  /** {@code DKIX_DUMMY}: an index-table slot whose entry was deleted. */
  public static final int DKIX_DUMMY = -2;

  /** {@code PyLong_SHIFT}: bits per int digit. */
  public static final int INT_DIGIT_BITS = 30;

  /** 3.12+ {@code lv_tag}: the digit count starts at this bit ({@code NON_SIZE_BITS}). */
  public static final int INT_TAG_SIZE_SHIFT = 3;

  /** 3.12+ {@code lv_tag}: sign bits (0 positive, 1 zero, 2 negative). */
  public static final int INT_TAG_SIGN_MASK = 3;

  private static final DictLayout DICT_3_11 =
      new DictLayout(32, 40, 8, 9, 10, 24, 32, 24, 8, 16, 16, 0, 8, 0, -1, -1);
  private static final DictLayout DICT_3_13 =
      new DictLayout(32, 40, 8, 9, 10, 24, 32, 24, 8, 16, 16, 0, 8, 8, 0, 3);

  private static final ObjectLayout V3_11 =
      new ObjectLayout(
          11,
          888,
          16,
          32,
          168,
          288,
          872,
          ObjectAttributeStorage.VALUES_OR_DICT_POINTERS,
          -24,
          -32,
          16,
          32,
          48,
          72,
          16,
          false,
          24,
          DICT_3_11);
  private static final ObjectLayout V3_12 =
      new ObjectLayout(
          12,
          944,
          16,
          32,
          168,
          288,
          880,
          ObjectAttributeStorage.TAGGED_DICT_OR_VALUES,
          -24,
          0,
          16,
          32,
          40,
          56,
          16,
          true,
          24,
          DICT_3_11);
  private static final ObjectLayout V3_13 =
      new ObjectLayout(
          13,
          7656,
          16,
          32,
          168,
          288,
          880,
          ObjectAttributeStorage.INLINE_VALUES,
          -24,
          0,
          16,
          32,
          40,
          56,
          16,
          true,
          24,
          DICT_3_13);
  private static final ObjectLayout V3_14 =
      new ObjectLayout(
          14,
          7688,
          16,
          32,
          168,
          288,
          880,
          ObjectAttributeStorage.INLINE_VALUES,
          -24,
          0,
          16,
          32,
          40,
          56,
          16,
          true,
          24,
          DICT_3_13);

  private ObjectLayouts() {}

  /**
   * The layout of CPython {@code 3.minor} with the {@code str} offsets of the layout the walker
   * chose for this process ({@code walkerLayout}, which on 3.13+ comes from the interpreter's own
   * {@code _Py_DebugOffsets}), so names and frames decode strings alike.
   */
  public static Optional<ObjectLayout> forProcess(int minor, Layout walkerLayout) {
    Layout.ObjectLayout chosen = walkerLayout.objects();
    return forMinor(minor)
        .map(
            table ->
                new ObjectLayout(
                    table.minor(),
                    table.interpreterModules(),
                    table.moduleDict(),
                    table.typeBasicSize(),
                    table.typeFlags(),
                    table.typeDictOffset(),
                    table.heapTypeCachedKeys(),
                    table.attributeStorage(),
                    table.managedDict(),
                    table.managedValues(),
                    chosen.strLength(),
                    chosen.strState(),
                    chosen.strAsciiData(),
                    chosen.strCompactData(),
                    table.intSize(),
                    table.intTagged(),
                    table.intDigits(),
                    table.dict()));
  }

  /** The layout of CPython {@code 3.minor}, or empty for a version this table does not know. */
  public static Optional<ObjectLayout> forMinor(int minor) {
    return Optional.ofNullable(
        switch (minor) {
          case 11 -> V3_11;
          case 12 -> V3_12;
          case 13 -> V3_13;
          case 14 -> V3_14;
          default -> null;
        });
  }
}
