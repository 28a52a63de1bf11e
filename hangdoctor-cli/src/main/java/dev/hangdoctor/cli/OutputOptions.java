package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --no-redact}, {@code --color} and {@code --width}, shared by every verb: how its reports
 * look where they go. Secrets are redacted unless {@code --no-redact}; text is wrapped to the
 * terminal (or {@code --width}) and not at all in a pipe or a file; the verdict and confidences are
 * coloured on a terminal unless {@code NO_COLOR} is set.
 */
public final class OutputOptions {
  static final String NO_REDACT =
      "Show secrets as the processes hold them. By default passwords, tokens, keys, URL"
          + " credentials and Authorization headers in command lines, names and URLs are"
          + " replaced by <redacted> in every output and file.";
  static final String COLOR_LABEL = "WHEN";
  static final String COLOR_DEFAULT = "auto";
  static final String COLOR =
      "Colour the verdict and confidences: auto (on a terminal, unless NO_COLOR is set),"
          + " always, never (default: ${DEFAULT-VALUE}).";
  static final String WIDTH_LABEL = "COLUMNS";
  static final String WIDTH =
      "Wrap text to this many columns, 0 for none (default: the terminal's width, COLUMNS;"
          + " none in a pipe).";

  @Option(names = "--no-redact", description = NO_REDACT)
  boolean noRedact;

  @Option(
      names = "--color",
      paramLabel = COLOR_LABEL,
      defaultValue = COLOR_DEFAULT,
      description = COLOR)
  String color;

  @Option(names = "--width", paramLabel = WIDTH_LABEL, description = WIDTH)
  Integer width;

  /** The redactor every report and file of this command goes through. */
  Redactor redactor() {
    return noRedact ? Redactor.NONE : Redactor.DEFAULT;
  }

  /** The style of what this command prints on stdout. */
  OutputStyle stdout(Terminal terminal) {
    return style(terminal.stdoutIsTty(), terminal);
  }

  /** The style of reports this command prints on stderr ({@code run}'s diagnosis). */
  OutputStyle stderr(Terminal terminal) {
    return style(terminal.stderrIsTty(), terminal);
  }

  /** The style of the files this command writes: redacted unless asked, whole lines, no colour. */
  OutputStyle file() {
    return OutputStyle.PLAIN.withRedactor(redactor());
  }

  private OutputStyle style(boolean tty, Terminal terminal) {
    int columns = width != null ? width : tty ? terminal.columns() : OutputStyle.NO_WRAP;
    if (columns < 0) {
      throw new HangdoctorException(ExitCode.USAGE, "--width must not be negative");
    }
    boolean colour =
        switch (color == null ? "auto" : color.toLowerCase(Locale.ROOT)) {
          case "always" -> true;
          case "never" -> false;
          case "auto" -> tty && !terminal.noColor();
          default ->
              throw new HangdoctorException(
                  ExitCode.USAGE, "--color must be auto, always or never, not '" + color + "'");
        };
    return new OutputStyle(redactor(), columns, colour);
  }
}
