package dev.hangdoctor.testkit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a target's announcements: {@code READY k=v k=v …}, and the later ones of fixtures that
 * reach their state in a second step ({@code STUCK k=v …}).
 */
public final class ReadyLine {
  private static final String WORD = "READY";

  private ReadyLine() {}

  /**
   * The key/value pairs of a readiness line in their order, or empty if {@code line} is not one. A
   * token without {@code =} maps to the empty string; a value may itself contain {@code =}.
   */
  public static Optional<Map<String, String>> parse(String line) {
    return parse(WORD, line);
  }

  /** Like {@link #parse(String)} for a line announced with {@code word} instead of READY. */
  public static Optional<Map<String, String>> parse(String word, String line) {
    String trimmed = line.strip();
    if (!trimmed.equals(word) && !trimmed.startsWith(word + " ")) {
      return Optional.empty();
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    String rest = trimmed.substring(word.length()).strip();
    if (!rest.isEmpty()) {
      for (String token : rest.split("\\s+")) {
        int eq = token.indexOf('=');
        if (eq < 0) {
          pairs.put(token, "");
        } else {
          pairs.put(token.substring(0, eq), token.substring(eq + 1));
        }
      }
    }
    return Optional.of(Collections.unmodifiableMap(pairs));
  }
}
