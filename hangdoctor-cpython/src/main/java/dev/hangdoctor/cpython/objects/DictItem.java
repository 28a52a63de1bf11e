package dev.hangdoctor.cpython.objects;

/** One live entry of a dict: its entry index (insertion order), key and value addresses. */
public record DictItem(int index, long key, long value) {}
