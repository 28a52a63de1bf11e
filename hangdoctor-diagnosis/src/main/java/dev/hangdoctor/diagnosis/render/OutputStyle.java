package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.diagnosis.redact.Redactor;

/**
 * How a report is laid out for where it goes: the {@link Redactor} (on unless {@code --no-redact}),
 * the width prose is wrapped and long lines are cut to ({@link #NO_WRAP} for a pipe or a file:
 * nothing is wrapped or cut), and whether the verdict line and confidences are coloured (a
 * terminal, unless {@code NO_COLOR}). The glyphs ({@code →}, {@code ·}, {@code └─}) are left to the
 * output: the command line turns them into ASCII when the locale is not UTF-8.
 */
public record OutputStyle(Redactor redactor, int width, boolean colour) {
  /** A {@link #width()} that wraps and cuts nothing. */
  public static final int NO_WRAP = 0;

  /** The narrowest width wrapping still makes sense for. */
  public static final int MIN_WIDTH = 40;

  /** Files and pipes: redacted, not wrapped, no colour. */
  public static final OutputStyle PLAIN = new OutputStyle(Redactor.DEFAULT, NO_WRAP, false);

  /** A 100-column terminal without colour: the layout of the README's examples. */
  public static final OutputStyle COLUMNS_100 = new OutputStyle(Redactor.DEFAULT, 100, false);

  public OutputStyle {
    if (width != NO_WRAP && width < MIN_WIDTH) {
      width = MIN_WIDTH;
    }
  }

  /** This style with another redactor. */
  public OutputStyle withRedactor(Redactor other) {
    return new OutputStyle(other, width, colour);
  }

  /** True when prose is wrapped and long lines cut. */
  public boolean wraps() {
    return width != NO_WRAP;
  }

  /**
   * {@code text} wrapped for a block at column {@code indent.length()} (see {@link Formats#wrap}),
   * or on one line when nothing is wrapped.
   */
  public String wrap(String text, String indent) {
    return wraps()
        ? Formats.wrap(text, width, indent)
        : String.join(" ", text.strip().split("\\s+"));
  }

  /**
   * {@code text} cut to what is left of the line after {@code used} columns (at least {@code
   * floor}), or whole when nothing is cut.
   */
  public String fit(String text, int used, int floor) {
    return wraps() ? Formats.fit(text, Math.max(floor, width - used)) : text;
  }

  /** {@code text} in {@code colour} when this style colours, else as it is. */
  public String paint(String text, Colour colour) {
    return this.colour ? "\u001b[" + colour.code + "m" + text + "\u001b[0m" : text;
  }

  /** The few colours a report uses: the verdict line and the confidence of each finding. */
  public enum Colour {
    /** A hang, a HIGH confidence. */
    RED("1;31"),
    /** Could not look, a MEDIUM confidence. */
    YELLOW("1;33"),
    /** No hang found. */
    GREEN("1;32"),
    /** A LOW confidence. */
    DIM("2");

    private final String code;

    Colour(String code) {
      this.code = code;
    }
  }
}
