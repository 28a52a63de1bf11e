package dev.hangdoctor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What to tell someone whose first word is not a verb: the command they probably meant. A number is
 * a PID ({@code hangdoctor 894} → {@code hangdoctor diagnose 894}); a near miss gets the verb it is
 * closest to ({@code diagnos} → {@code diagnose}).
 */
final class UnknownVerb {
  private UnknownVerb() {}

  /**
   * The one-line message for {@code args} when its first word is neither a verb nor an option of
   * {@code root}; empty for any other parse error.
   */
  static Optional<String> message(CommandLine root, List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      return Optional.empty();
    }
    String word = args.get(0);
    List<String> rest = args.subList(1, args.size());
    if (word.chars().allMatch(Character::isDigit)) {
      return Optional.of(
          "'"
              + word
              + "' is not a verb; to diagnose PID "
              + word
              + ": "
              + commandLine("diagnose", args));
    }
    Optional<String> closest = closest(word, List.copyOf(root.getSubcommands().keySet()));
    if (closest.isPresent()) {
      List<String> fixed = new ArrayList<>(List.of(closest.get()));
      fixed.addAll(rest);
      return Optional.of(
          "unknown verb '"
              + word
              + "' (did you mean: "
              + commandLine(fixed.get(0), fixed.subList(1, fixed.size()))
              + ")");
    }
    return Optional.of(
        "unknown verb '"
            + word
            + "'; the verbs are "
            + String.join(", ", root.getSubcommands().keySet()));
  }

  /**
   * The verb {@code word} is most likely a typo of: one it starts, one that starts it, or one at
   * most two edits away.
   */
  static Optional<String> closest(String word, List<String> verbs) {
    String typed = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String verb : verbs) {
      int distance =
          verb.startsWith(typed) || typed.startsWith(verb) ? 0 : editDistance(typed, verb);
      if (distance < bestDistance) {
        best = verb;
        bestDistance = distance;
      }
    }
    int allowed = Math.min(2, Math.max(1, typed.length() / 3));
    return bestDistance <= allowed && typed.length() >= 2 ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String commandLine(String verb, List<String> args) {
    return "hangdoctor "
        + verb
        + args.stream().map(a -> " " + ShellQuote.quote(a)).collect(Collectors.joining());
  }
}
