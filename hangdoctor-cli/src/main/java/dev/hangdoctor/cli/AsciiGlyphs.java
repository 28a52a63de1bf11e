package dev.hangdoctor.cli;

import java.util.Map;

/**
 * The ASCII stand-ins for the few non-ASCII glyphs hangdoctor's reports use, for a locale that is
 * not UTF-8 (cron, {@code env -i}, {@code LC_ALL=C}), where the terminal would show {@code ?}.
 * Anything else outside ASCII (a file name from the target, say) is left to the output's encoder.
 */
final class AsciiGlyphs {
  private static final Map<Character, String> ASCII =
      Map.ofEntries(
          Map.entry('→', "->"),
          Map.entry('←', "<-"),
          Map.entry('·', "-"),
          Map.entry('●', "*"),
          Map.entry('◀', "<"),
          Map.entry('└', "`"),
          Map.entry('├', "|"),
          Map.entry('│', "|"),
          Map.entry('─', "-"),
          Map.entry('…', "..."),
          Map.entry('—', "--"),
          Map.entry('–', "-"),
          Map.entry('×', "x"),
          Map.entry('≥', ">="),
          Map.entry('≤', "<="),
          Map.entry('±', "+/-"),
          Map.entry('\u00a0', " "));

  private AsciiGlyphs() {}

  /** {@code c} as ASCII, or {@code null} when it has no stand-in. */
  static String of(char c) {
    return ASCII.get(c);
  }

  /** {@code text} with every glyph that has a stand-in replaced. */
  static String ascii(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String stand = c < 0x80 ? null : ASCII.get(c);
      if (stand != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (stand != null) {
          out.append(stand);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
