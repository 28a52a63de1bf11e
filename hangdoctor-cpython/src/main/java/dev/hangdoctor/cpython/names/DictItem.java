package dev.hangdoctor.cpython.names;

/** One live entry of a dict: its entry index (insertion order), key and value addresses. */
record DictItem(int index, long key, long value) {}
