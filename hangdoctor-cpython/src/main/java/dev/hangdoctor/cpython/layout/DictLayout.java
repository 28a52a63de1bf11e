package dev.hangdoctor.cpython.layout;

/**
 * Where a CPython dict keeps its parts (byte offsets, x86_64): the {@code PyDictObject} fields, the
 * {@code PyDictKeysObject} header before its index table, the two entry shapes (general entries
 * carry the hash, unicode-keyed entries do not) and the split-table values array.
 *
 * @param maKeys {@code PyDictObject.ma_keys}
 * @param maValues {@code PyDictObject.ma_values}; null for a combined table
 * @param keysLog2Size {@code dk_log2_size} (uint8): the index table has {@code 1 << it} slots
 * @param keysLog2IndexBytes {@code dk_log2_index_bytes} (uint8): the index table's size in bytes
 * @param keysKind {@code dk_kind} (uint8): general, unicode or split
 * @param keysEntryCount {@code dk_nentries}: entries in use, deleted ones included
 * @param keysIndices {@code dk_indices}: the index table; the entries follow it
 * @param generalEntrySize {@code sizeof(PyDictKeyEntry)} (hash, key, value)
 * @param generalEntryKey {@code PyDictKeyEntry.me_key}
 * @param generalEntryValue {@code PyDictKeyEntry.me_value}
 * @param unicodeEntrySize {@code sizeof(PyDictUnicodeEntry)} (key, value)
 * @param unicodeEntryKey {@code PyDictUnicodeEntry.me_key}
 * @param unicodeEntryValue {@code PyDictUnicodeEntry.me_value}
 * @param valuesItems where {@code values[0]} is in the block a values pointer points at
 * @param valuesCapacity the uint8 capacity of a values block, or -1 where the block has none
 * @param valuesValid the uint8 "valid" flag of a values block, or -1 where the block has none
 */
public record DictLayout(
    int maKeys,
    int maValues,
    int keysLog2Size,
    int keysLog2IndexBytes,
    int keysKind,
    int keysEntryCount,
    int keysIndices,
    int generalEntrySize,
    int generalEntryKey,
    int generalEntryValue,
    int unicodeEntrySize,
    int unicodeEntryKey,
    int unicodeEntryValue,
    int valuesItems,
    int valuesCapacity,
    int valuesValid) {}
