package dev.hangdoctor.cpython.fake;

import java.io.ByteArrayOutputStream;

/** Writes location-table entries in the format of facts section 5, one call per entry. */
public final class LineTableWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private void first(int code, int units) {
    if (units < 1 || units > 8) {
      throw new IllegalArgumentException("an entry covers 1-8 code units");
    }
    out.write(0x80 | (code << 3) | (units - 1));
  }

  /** Codes 0-9: same line, one column byte. */
  public LineTableWriter shortForm(int code, int units) {
    first(code, units);
    out.write(0x12);
    return this;
  }

  /** Codes 10-12: line delta 0-2, two column bytes. */
  public LineTableWriter oneLine(int delta, int units) {
    first(10 + delta, units);
    out.write(4);
    out.write(9);
    return this;
  }

  /** Code 13: signed varint line delta. */
  public LineTableWriter noColumns(int delta, int units) {
    first(13, units);
    signed(delta);
    return this;
  }

  /** Code 14: signed line delta, then end-line delta and two columns. */
  public LineTableWriter longForm(int delta, int units) {
    first(14, units);
    signed(delta);
    unsigned(3);
    unsigned(70);
    unsigned(200);
    return this;
  }

  /** Code 15: no location. */
  public LineTableWriter none(int units) {
    first(15, units);
    return this;
  }

  /** A line delta over any number of units: a no-columns entry, then one-line entries. */
  public LineTableWriter line(int delta, int units) {
    noColumns(delta, Math.min(units, 8));
    for (int left = units - 8; left > 0; left -= 8) {
      oneLine(0, Math.min(left, 8));
    }
    return this;
  }

  private void signed(int value) {
    unsigned(value < 0 ? ((long) -value << 1) | 1 : (long) value << 1);
  }

  private void unsigned(long value) {
    while (value >= 64) {
      out.write(0x40 | (int) (value & 0x3f));
      value >>>= 6;
    }
    out.write((int) value);
  }

  public byte[] bytes() {
    return out.toByteArray();
  }
}
