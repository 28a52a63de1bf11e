package dev.hangdoctor.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point: wires the verbs and turns every failure into one line and an {@link ExitCode}. The
 * root command's model is built in code ({@link CodedModels#root}), not read from annotations.
 */
public final class Main implements Runnable {
  static final String DESCRIPTION =
      "Finds out why a process is stuck: names the hang, the blocking frame and the fix"
          + " (diagnose), from every thread's kernel wait, CPU over a short window, sockets and"
          + " their queues, open files, the process tree and Python stacks, read from /proc"
          + " without pausing the process.";
  static final String[] FOOTER = {
    "", "Exit codes: 'hangdoctor exit-codes' lists them; the README explains them."
  };

  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required");
  }

  public static void main(String[] args) {
    boolean utf8 = Terminal.utf8(System.getenv());
    System.exit(run(args, writer(System.out, utf8), writer(System.err, utf8)));
  }

  /**
   * A writer to {@code stream}; when the locale is not UTF-8, with ASCII stand-ins for the report's
   * glyphs ({@code →}, {@code ·}, {@code └─}), which the terminal could not show.
   */
  private static PrintWriter writer(PrintStream stream, boolean utf8) {
    if (utf8) {
      return new PrintWriter(stream, true);
    }
    return new PrintWriter(
        new AsciiWriter(new OutputStreamWriter(stream, Charset.defaultCharset())), true);
  }

  /** Runs one command line and returns the exit status; prints only to {@code out}/{@code err}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (Verbs.versionOnly(args)) {
      return printVersion(out, err);
    }
    CommandLine commandLine = commandLine(args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(Main::onBadArguments);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> onFailure(exception, err));
    commandLine.setExitCodeExceptionMapper(exception -> ExitCode.INTERNAL_ERROR.code());
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * {@code --version} without picocli: reading the root command's annotations (each a dynamic
   * proxy, which no start-up cache keeps) was over a third of its time.
   */
  private static int printVersion(PrintWriter out, PrintWriter err) {
    try {
      for (String line : VersionProvider.lines()) {
        out.println(line);
      }
      out.flush();
      return ExitCode.OK.code();
    } catch (IOException e) {
      err.println("hangdoctor: cannot read this build's version: " + e.getMessage());
      err.flush();
      return ExitCode.INTERNAL_ERROR.code();
    }
  }

  /**
   * Ends the help of every verb that takes a duration with how durations are read, so no help
   * leaves the unit of a bare number to guesswork.
   */
  private static void explainDurations(CommandLine command) {
    boolean takesDurations =
        command.getCommandSpec().options().stream()
            .anyMatch(
                option ->
                    option.converters() != null
                        && Arrays.stream(option.converters())
                            .anyMatch(DurationConverter.class::isInstance));
    if (takesDurations) {
      List<String> footer =
          new ArrayList<>(Arrays.asList(command.getCommandSpec().usageMessage().footer()));
      footer.add(0, "");
      footer.add(1, DurationConverter.HELP);
      command.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    }
    command.getSubcommands().values().forEach(Main::explainDurations);
  }

  /** Every verb, as parsed and as documented (usage help, completion, the man page). */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: the root and only the verbs {@link Verbs#neededBy} says they
   * need, since building a verb's model costs start-up time whether it runs or not.
   */
  static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(CodedModels.root(new Main()));
    for (Verbs.Verb verb : Verbs.neededBy(args)) {
      commandLine.addSubcommand(verb.name(), verb.command().get());
    }
    explainDurations(commandLine);
    return commandLine;
  }

  private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    PrintWriter err = failed.getErr();
    Optional<String> unknownVerb =
        failed.getParent() == null && e instanceof CommandLine.UnmatchedArgumentException
            ? UnknownVerb.message(failed, Arrays.asList(args))
            : Optional.empty();
    err.println("hangdoctor: " + unknownVerb.orElse(e.getMessage()));
    err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCode.USAGE.code();
  }

  static int onFailure(Exception exception, PrintWriter err) {
    if (exception instanceof HangdoctorException) {
      HangdoctorException failure = (HangdoctorException) exception;
      err.println("hangdoctor: " + failure.getMessage());
      return failure.exitCode().code();
    }
    if (exception instanceof InterruptedException) {
      err.println("hangdoctor: interrupted");
      return ExitCode.INTERRUPTED.code();
    }
    err.println(
        "hangdoctor: internal error: "
            + exception
            + " (a bug; please report it, with HANGDOCTOR_DEBUG=1 for the stack trace)");
    if (System.getenv("HANGDOCTOR_DEBUG") != null) {
      exception.printStackTrace(err);
    }
    return ExitCode.INTERNAL_ERROR.code();
  }
}
