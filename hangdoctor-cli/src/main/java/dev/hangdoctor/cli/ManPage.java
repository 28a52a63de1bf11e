package dev.hangdoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code hangdoctor.1}: the manual page, written in man(7) macros from the picocli model the
 * command line itself is parsed with (every verb, its synopsis, options and arguments), the exit
 * codes of {@link ExitCode} and the environment the launcher and the CLI read. The release build
 * runs {@link #main} and checks the result with {@code man -l}; nothing here is written by hand
 * twice.
 */
public final class ManPage {
  private ManPage() {}

  /** Prints the page to stdout; {@code args[0]}, if given, is its date (yyyy-mm-dd). */
  public static void main(String[] args) throws IOException {
    String date = args.length > 0 ? args[0] : LocalDate.now().toString();
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    out.print(render(Main.commandLine(), VersionProvider.version(), date));
    out.flush();
  }

  /** The whole page for {@code root} and its visible subcommands. */
  static String render(CommandLine root, String version, String date) {
    StringBuilder page = new StringBuilder();
    CommandSpec spec = root.getCommandSpec();
    line(page, ".\\\" Generated from the hangdoctor command line (dev.hangdoctor.cli.ManPage).");
    line(
        page,
        ".TH HANGDOCTOR 1 "
            + quote(date)
            + " "
            + quote("hangdoctor " + version)
            + " "
            + quote("User Commands"));
    line(page, ".SH NAME");
    line(page, "hangdoctor \\- say why a process is stuck, where, and what to change");
    line(page, ".SH SYNOPSIS");
    line(page, ".B hangdoctor");
    line(page, ".I VERB");
    line(page, "[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
    line(page, ".br");
    line(page, ".B hangdoctor");
    line(page, "[\\fB\\-h\\fR] [\\fB\\-V\\fR]");
    line(page, ".SH DESCRIPTION");
    paragraphs(page, spec.usageMessage().description());
    line(page, ".PP");
    line(page, "The verbs:");
    for (Map.Entry<String, CommandLine> verb : verbs(root).entrySet()) {
      line(page, ".TP");
      line(page, ".B " + escape(verb.getKey()));
      List<String> description =
          List.of(verb.getValue().getCommandSpec().usageMessage().description());
      text(page, description.isEmpty() ? "" : firstSentence(description.get(0)));
    }
    line(page, ".PP");
    text(
        page,
        "A duration (--interval, --timeout, ...) is a number with a unit, as 500ms, 2s, 5m or 1h;"
            + " each verb's option list says how a bare number is read.");
    line(page, ".SH VERBS");
    for (Map.Entry<String, CommandLine> verb : verbs(root).entrySet()) {
      verb(page, verb.getKey(), verb.getValue());
    }
    line(page, ".SH \"EXIT STATUS\"");
    for (ExitCode code : ExitCode.values()) {
      line(page, ".TP");
      line(page, ".B " + code.code());
      text(page, code.meaning());
    }
    line(page, ".TP");
    line(page, ".I other");
    text(page, ExitCode.PASS_THROUGH_MEANING);
    line(page, ".SH ENVIRONMENT");
    environment(
        page,
        "JAVA_HOME",
        "One of the Java runtimes bin/hangdoctor chooses from: it runs on the newest (17 or"
            + " later) of the bundled runtime, JAVA_HOME, java on the PATH and /usr/lib/jvm/*,"
            + " since a newer JVM starts faster.");
    environment(
        page, "HANGDOCTOR_JAVA", "The java executable to run on, instead of the newest found.");
    environment(
        page,
        "HANGDOCTOR_CACHE",
        "Set to off to start without the start-up cache (an AOT cache on JDK 24+, an AppCDS"
            + " archive before); make only makes it, beside the jar, and exits.");
    environment(page, "HANGDOCTOR_DEBUG", "Set to print the stack trace of an internal error.");
    environment(
        page,
        "HANGDOCTOR_RUN",
        "Set by run in the environment of the command it runs, to"
            + " find processes that left the command's tree.");
    line(page, ".SH FILES");
    line(page, ".TP");
    line(page, ".I ${XDG_CACHE_HOME:-~/.cache}/hangdoctor/");
    text(
        page,
        "start-up caches made on first use for a Java runtime the build or release had no cache for.");
    line(page, ".TP");
    line(page, ".I /proc/PID/");
    text(
        page,
        "everything hangdoctor reads: stat, status, task/*/{stat,status,wchan,syscall,"
            + "schedstat}, fd/, net/, maps and mem (Python stacks); and /proc/loadavg.");
    line(page, ".SH NOTES");
    text(
        page,
        "hangdoctor never stops or pauses the target: it reads /proc and, for Python"
            + " stacks, /proc/PID/mem. The kernel lets it read another user's process only as root"
            + " or with CAP_SYS_PTRACE (and, with Yama ptrace_scope 1, only descendants).");
    text(
        page,
        "The documentation of each hang signature is docs/rules/ID.md in the source"
            + " tree; the README explains every verb with real output.");
    line(page, ".SH \"SEE ALSO\"");
    line(page, ".BR ps (1),");
    line(page, ".BR timeout (1),");
    line(page, ".BR strace (1),");
    line(page, ".BR gdb (1),");
    line(page, ".BR proc (5),");
    line(page, ".BR ptrace (2)");
    return page.toString();
  }

  /** The visible verbs, by the name they are typed with. */
  private static Map<String, CommandLine> verbs(CommandLine root) {
    Map<String, CommandLine> verbs = new LinkedHashMap<>();
    for (Map.Entry<String, CommandLine> verb : root.getSubcommands().entrySet()) {
      if (!verb.getValue().getCommandSpec().usageMessage().hidden()
          && !verbs.containsValue(verb.getValue())) {
        verbs.put(verb.getKey(), verb.getValue());
      }
    }
    return verbs;
  }

  private static void verb(StringBuilder page, String name, CommandLine verb) {
    CommandSpec spec = verb.getCommandSpec();
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    line(page, ".SS " + quote("hangdoctor " + name));
    line(page, ".nf");
    for (String synopsis : help.synopsis(0).strip().split("\n")) {
      line(page, escape(synopsis.strip()));
    }
    line(page, ".fi");
    paragraphs(page, spec.usageMessage().description());
    for (PositionalParamSpec parameter : spec.positionalParameters()) {
      if (parameter.hidden()) {
        continue;
      }
      line(page, ".TP");
      line(page, "\\fI" + escape(parameter.paramLabel()) + "\\fR");
      text(page, String.join(" ", parameter.description()));
    }
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      line(page, ".TP");
      line(page, optionHeader(option));
      text(page, String.join(" ", option.description()));
    }
  }

  /** {@code \fB\-\-fail\-on\fR=\fILEVEL\fR}, {@code \fB\-h\fR, \fB\-\-help\fR}. */
  private static String optionHeader(OptionSpec option) {
    List<String> names = new ArrayList<>();
    for (String name : option.names()) {
      names.add("\\fB" + escape(name) + "\\fR");
    }
    String header = String.join(", ", names);
    boolean takesValue = option.typeInfo() != null && !option.typeInfo().isBoolean();
    return takesValue ? header + "=\\fI" + escape(option.paramLabel()) + "\\fR" : header;
  }

  private static void environment(StringBuilder page, String name, String meaning) {
    line(page, ".TP");
    line(page, ".B " + name);
    text(page, meaning);
  }

  private static void paragraphs(StringBuilder page, String[] paragraphs) {
    for (String paragraph : paragraphs) {
      line(page, ".PP");
      text(page, paragraph);
    }
  }

  /** Running text: escaped, and never starting a line with a control character. */
  private static void text(StringBuilder page, String text) {
    String escaped = escape(text.strip());
    line(page, escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped);
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }

  /**
   * Backslashes and hyphens as man(7) wants them, and plain ASCII: a page read in the C locale
   * (cron, containers) must not depend on the reader's charset. Other characters become groff's
   * {@code \[uXXXX]}.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\e");
        case '-' -> out.append("\\-");
        case '\n' -> out.append(' ');
        case '\u2026' -> out.append("...");
        case '\u2192' -> out.append("\\->");
        case '\u00b7' -> out.append('-');
        case '\u2014' -> out.append("\\(em");
        case '\u2013' -> out.append("\\(en");
        case '\u2018', '\u2019' -> out.append('\'');
        case '\u201c', '\u201d' -> out.append('"');
        default -> {
          String ascii = AsciiGlyphs.of(c);
          if (c < 128) {
            out.append(c);
          } else if (ascii != null) {
            // groff has no glyph for some of them (◀) on every device; the ASCII stand-in reads
            out.append(escape(ascii));
          } else {
            out.append(String.format("\\[u%04X]", (int) c));
          }
        }
      }
    }
    return out.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "'") + "\"";
  }

  private static void line(StringBuilder page, String line) {
    page.append(line).append('\n');
  }
}
