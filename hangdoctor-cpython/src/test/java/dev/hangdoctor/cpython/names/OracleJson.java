package dev.hangdoctor.cpython.names;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the target's oracle: one flat JSON object of decimal ident strings to name strings. */
final class OracleJson {
  private final String text;
  private int at;

  private OracleJson(String text) {
    this.text = text;
  }

  static Map<Long, String> parse(String text) {
    return new OracleJson(text).object();
  }

  private Map<Long, String> object() {
    Map<Long, String> map = new LinkedHashMap<>();
    expect('{');
    if (peek() == '}') {
      at++;
      return map;
    }
    do {
      long key = Long.parseUnsignedLong(string());
      expect(':');
      map.put(key, string());
    } while (next() == ',');
    at--;
    expect('}');
    return map;
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case 'u' -> {
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        default -> out.append(escaped);
      }
    }
    return out.toString();
  }

  private char peek() {
    while (Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c + " at " + (at - 1) + " in " + text);
    }
  }
}
