package dev.hangdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What hangdoctor's output goes to, as Unix tools judge it: whether stdout and stderr are
 * terminals, how wide the terminal is ({@code COLUMNS}, else the tty's size), whether the locale's
 * character set is UTF-8 ({@code LC_ALL}, {@code LC_CTYPE}, {@code LANG}, as the C library reads
 * them; {@code env -i} and {@code LC_ALL=C} are not), and whether colour is unwanted ({@code
 * NO_COLOR}, {@code TERM=dumb}).
 */
record Terminal(
    boolean stdoutIsTty, boolean stderrIsTty, int columns, boolean utf8, boolean noColor) {
  /** The width assumed for a terminal whose size cannot be read. */
  static final int DEFAULT_COLUMNS = 80;

  /** A pipe with a UTF-8 locale: what tests and scripts see. */
  static final Terminal PIPE = new Terminal(false, false, 0, true, false);

  /** The terminal this process runs on (or the pipes it writes to). */
  static Terminal current() {
    Map<String, String> env = System.getenv();
    boolean stdoutTty = ttyOf(1).isPresent();
    return new Terminal(
        stdoutTty,
        ttyOf(2).isPresent(),
        stdoutTty ? columns(env, ttyOf(1).get()) : 0,
        utf8(env),
        noColor(env));
  }

  /** True when the locale's character set is UTF-8. */
  static boolean utf8(Map<String, String> env) {
    String locale = null;
    for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        locale = value;
        break;
      }
    }
    if (locale == null) {
      return false;
    }
    String lower = locale.toLowerCase(Locale.ROOT);
    return lower.contains("utf-8") || lower.contains("utf8");
  }

  /** {@code NO_COLOR} set to anything (no-color.org), or a terminal that cannot show colour. */
  static boolean noColor(Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
  }

  /** {@code COLUMNS} when it is a number, else the size of {@code tty}, else 80. */
  static int columns(Map<String, String> env, Path tty) {
    String columns = env.get("COLUMNS");
    if (columns != null) {
      try {
        int value = Integer.parseInt(columns.trim());
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // not a number: ask the terminal
      }
    }
    return sttyColumns(tty).orElse(DEFAULT_COLUMNS);
  }

  /** The terminal device descriptor {@code fd} of this process writes to, if it is one. */
  static Optional<Path> ttyOf(int fd) {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
      String name = target.toString();
      return name.startsWith("/dev/pts/")
              || name.startsWith("/dev/tty")
              || name.equals("/dev/console")
          ? Optional.of(target)
          : Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The column count {@code stty size} reports for {@code tty}, bounded to half a second. */
  private static Optional<Integer> sttyColumns(Path tty) {
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(tty.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (InputStream in = stty.getInputStream()) {
        if (!stty.waitFor(500, TimeUnit.MILLISECONDS)) {
          stty.destroyForcibly();
          return Optional.empty();
        }
        String[] size =
            new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
        int columns = size.length == 2 ? Integer.parseInt(size[1]) : 0;
        return columns > 0 ? Optional.of(columns) : Optional.empty();
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
