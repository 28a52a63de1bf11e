package dev.hangdoctor.cpython.bytecode;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a code object's exception table ({@code co_exceptiontable}, 3.11-3.14): entries of start,
 * length, handler target and stack depth, all in code units, written as big-endian 6-bit varints
 * (the opposite order of the location table's). The depth of the entry that covers an instruction
 * is how many value-stack slots below it are live; inside a {@code with} block the bound {@code
 * __exit__} (3.14: {@code __exit__} and the manager) sits in the top ones of those. Pure and total.
 */
public final class ExceptionTable {
  private static final int MAX_ENTRIES = 1 << 16;

  private ExceptionTable() {}

  /** One protected range: units {@code start} to {@code end} (exclusive). */
  public record Entry(int start, int end, int target, int depth, boolean lasti) {
    public boolean covers(int unit) {
      return unit >= start && unit < end;
    }
  }

  /** Every entry of {@code table}, in order; a malformed tail is left out. */
  public static List<Entry> parse(byte[] table) {
    List<Entry> entries = new ArrayList<>();
    int[] position = {0};
    while (position[0] < table.length && entries.size() < MAX_ENTRIES) {
      if ((table[position[0]] & 0x80) == 0) {
        break;
      }
      long start = varint(table, position);
      long length = varint(table, position);
      long target = varint(table, position);
      long depthLasti = varint(table, position);
      if (start < 0 || length < 0 || target < 0 || depthLasti < 0) {
        break;
      }
      if (start + length > Integer.MAX_VALUE || depthLasti >> 1 > Integer.MAX_VALUE) {
        break;
      }
      entries.add(
          new Entry(
              (int) start,
              (int) (start + length),
              (int) target,
              (int) (depthLasti >> 1),
              (depthLasti & 1) != 0));
    }
    return entries;
  }

  /** The entry covering code unit {@code unit}, or null when none does. */
  public static Entry covering(List<Entry> entries, int unit) {
    for (Entry entry : entries) {
      if (entry.covers(unit)) {
        return entry;
      }
    }
    return null;
  }

  /** A big-endian 6-bit varint; -1 when the table ends inside it. */
  private static long varint(byte[] table, int[] position) {
    if (position[0] >= table.length) {
      return -1;
    }
    int b = table[position[0]++] & 0xff;
    long value = b & 63;
    int groups = 1;
    while ((b & 0x40) != 0) {
      if (position[0] >= table.length || groups++ > 6) {
        return -1;
      }
      b = table[position[0]++] & 0xff;
      value = (value << 6) | (b & 63);
    }
    return value;
  }
}
