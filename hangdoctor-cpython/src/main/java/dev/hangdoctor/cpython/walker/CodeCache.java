package dev.hangdoctor.cpython.walker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The code objects of one process already read, kept from one walk to the next, so that a walk
 * reads one small block per frame's code instead of its names, file and line table again: a busy
 * thread's stack changes while it is read, and the fewer reads a walk makes, the fewer come back
 * torn. A code object at an address may be freed and another put there, so an entry is used only
 * when the object's type and the references it was decoded from (file, name, qualified name, line
 * table, first line) still hold the same values: the code object keeps those alive, so the same
 * values mean the same decoded code. Bounded; safe to share between threads.
 */
public final class CodeCache {
  static final int MAX_ENTRIES = 4_096;

  private final Map<Long, Entry> entries = new HashMap<>();

  private record Entry(long[] identity, CodeObject code) {}

  /** The code decoded earlier at {@code address}, when its {@code identity} is unchanged. */
  synchronized CodeObject lookup(long address, long[] identity) {
    Entry entry = entries.get(address);
    return entry != null && Arrays.equals(entry.identity(), identity) ? entry.code() : null;
  }

  synchronized void remember(long address, long[] identity, CodeObject code) {
    if (entries.size() < MAX_ENTRIES || entries.containsKey(address)) {
      entries.put(address, new Entry(identity.clone(), code));
    }
  }

  /** How many code objects are kept. */
  public synchronized int size() {
    return entries.size();
  }
}
