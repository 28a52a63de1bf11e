package dev.hangdoctor.cli;

/** A word written so a POSIX shell reads it back unchanged, for command lines the user may copy. */
final class ShellQuote {
  private ShellQuote() {}

  static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
