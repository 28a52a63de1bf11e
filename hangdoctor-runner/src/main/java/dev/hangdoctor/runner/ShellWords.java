package dev.hangdoctor.runner;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A command line written so a POSIX shell reads back the same words, for reports to reproduce. */
public final class ShellWords {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  public static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }

  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
