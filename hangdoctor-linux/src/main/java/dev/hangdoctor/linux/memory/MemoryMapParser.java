package dev.hangdoctor.linux.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/PID/maps}. The path is everything after the inode column and its padding, so
 * it may contain spaces; a trailing {@code " (deleted)"} is removed and reported as {@link
 * MemoryMapping#deleted()}.
 */
public final class MemoryMapParser {
  private static final String DELETED = " (deleted)";

  private MemoryMapParser() {}

  /**
   * @throws IllegalArgumentException naming the line when a line is not a maps line
   */
  public static List<MemoryMapping> parse(String text) {
    List<MemoryMapping> mappings = new ArrayList<>();
    int lineNumber = 0;
    int from = 0;
    while (from < text.length()) {
      int newline = text.indexOf('\n', from);
      int to = newline < 0 ? text.length() : newline;
      lineNumber++;
      String line = text.substring(from, to);
      from = to + 1;
      if (!line.isBlank()) {
        mappings.add(parseLine(line, lineNumber));
      }
    }
    return List.copyOf(mappings);
  }

  /**
   * @throws IllegalArgumentException when {@code line} is not a maps line
   */
  public static MemoryMapping parseLine(String line) {
    return parseLine(line, 1);
  }

  private static MemoryMapping parseLine(String line, int lineNumber) {
    Cursor cursor = new Cursor(line, lineNumber);
    String range = cursor.field();
    int dash = range.indexOf('-');
    if (dash <= 0) {
      throw cursor.malformed("no address range");
    }
    long start = cursor.hex(range.substring(0, dash));
    long end = cursor.hex(range.substring(dash + 1));
    if (Long.compareUnsigned(end, start) < 0) {
      throw cursor.malformed("range ends before it starts");
    }
    String permissions = cursor.field();
    if (permissions.length() != 4) {
      throw cursor.malformed("permissions are not four characters");
    }
    long offset = cursor.hex(cursor.field());
    String device = cursor.field();
    if (device.indexOf(':') <= 0) {
      throw cursor.malformed("device is not major:minor");
    }
    long inode = cursor.decimal(cursor.field());
    String path = cursor.rest();
    boolean deleted = path.endsWith(DELETED);
    if (deleted) {
      path = path.substring(0, path.length() - DELETED.length());
    }
    return new MemoryMapping(start, end, permissions, offset, device, inode, path, deleted);
  }

  private static final class Cursor {
    private final String line;
    private final int lineNumber;
    private int position;

    Cursor(String line, int lineNumber) {
      this.line = line;
      this.lineNumber = lineNumber;
    }

    String field() {
      skipSpaces();
      int begin = position;
      while (position < line.length() && line.charAt(position) != ' ') {
        position++;
      }
      if (begin == position) {
        throw malformed("too few columns");
      }
      return line.substring(begin, position);
    }

    String rest() {
      skipSpaces();
      return line.substring(position);
    }

    long hex(String text) {
      try {
        return Long.parseUnsignedLong(text, 16);
      } catch (NumberFormatException e) {
        throw malformed("not a hex number: " + text);
      }
    }

    long decimal(String text) {
      try {
        return Long.parseUnsignedLong(text);
      } catch (NumberFormatException e) {
        throw malformed("not a number: " + text);
      }
    }

    IllegalArgumentException malformed(String why) {
      String shown = line.length() > 100 ? line.substring(0, 100) + "…" : line;
      return new IllegalArgumentException(
          "maps line " + lineNumber + " is malformed (" + why + "): " + shown);
    }

    private void skipSpaces() {
      while (position < line.length() && line.charAt(position) == ' ') {
        position++;
      }
    }
  }
}
