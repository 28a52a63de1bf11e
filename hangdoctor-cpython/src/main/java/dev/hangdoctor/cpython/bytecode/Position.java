package dev.hangdoctor.cpython.bytecode;

/**
 * Where an instruction comes from in the source: its line and end line (1-based) and its columns,
 * 0-based UTF-8 byte offsets into the line with the end exclusive; {@link LocationTable#UNKNOWN}
 * (-1) where the location table does not say. For a call this spans the whole call expression.
 */
public record Position(int line, int endLine, int column, int endColumn) {
  /** No location at all. */
  public static final Position NONE =
      new Position(
          LocationTable.UNKNOWN,
          LocationTable.UNKNOWN,
          LocationTable.UNKNOWN,
          LocationTable.UNKNOWN);

  /** True when line and both columns are known. */
  public boolean hasColumns() {
    return line >= 0 && column >= 0 && endColumn >= 0 && endLine >= 0;
  }

  /** True when this position starts exactly where {@code other} starts. */
  public boolean startsWith(Position other) {
    return line == other.line && column == other.column;
  }

  /** True when this position starts at or after the start of {@code other}. */
  public boolean startsAtOrAfter(Position other) {
    return line > other.line || (line == other.line && column >= other.column);
  }

  /** True when this position ends strictly before the end of {@code other}. */
  public boolean endsBefore(Position other) {
    return endLine < other.endLine || (endLine == other.endLine && endColumn < other.endColumn);
  }
}
