package dev.hangdoctor.linux.unwind;

import java.util.Optional;

/**
 * The rows of a DWARF line table, sorted by address: which source file and line each code address
 * belongs to. {@code files[i]} is the file of row {@code i}; a {@code line} of -1 marks the end of
 * a sequence (the address after its last instruction).
 */
public final class LineTable {
  public static final LineTable EMPTY = new LineTable(new long[0], new String[0], new int[0]);

  private final long[] addresses;
  private final String[] files;
  private final int[] lines;

  LineTable(long[] addresses, String[] files, int[] lines) {
    this.addresses = addresses;
    this.files = files;
    this.lines = lines;
  }

  /** The file and line of link-time address {@code pc}, when a sequence covers it. */
  public Optional<SourcePosition> lookup(long pc) {
    int low = 0;
    int high = addresses.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(addresses[mid], pc) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0 || lines[found] < 0) {
      return Optional.empty();
    }
    return Optional.of(new SourcePosition(files[found], lines[found]));
  }

  public int size() {
    return addresses.length;
  }

  /** A source file (as the compiler named it, directory joined) and a 1-based line. */
  public record SourcePosition(String file, int line) {}
}
