package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import dev.hangdoctor.runner.AttemptResult;
import dev.hangdoctor.runner.ChildIo;
import dev.hangdoctor.runner.FlakeTable;
import dev.hangdoctor.runner.RunEvents;
import dev.hangdoctor.runner.RunOptions;
import dev.hangdoctor.runner.RunResult;
import dev.hangdoctor.runner.Runner;
import dev.hangdoctor.runner.Ticker;
import dev.hangdoctor.runner.TreeDiagnoser;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor run [options] -- CMD ARGS…}: runs a command hang-proof, and when it hangs,
 * diagnoses its whole tree before killing it. Exit status as coreutils {@code timeout}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command; if it hangs, diagnose every process of its tree, then kill the tree.",
      "CMD keeps your stdin, stdout and stderr (one you closed, as with <&- or >&-, it gets as"
          + " /dev/null); hangdoctor's own lines go to stderr, prefixed 'hangdoctor:'. No deadline"
          + " unless --timeout or --quiet-timeout is given. Ctrl+C goes to CMD; a second Ctrl+C"
          + " kills its tree.",
      "Exit status: CMD's own (128+N when signal N ended it), 124 hung, 125 hangdoctor failed,"
          + " 126 CMD not executable, 127 CMD not found, 130 interrupted twice."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Declare a hang when CMD runs longer than this (0: no limit, the default).")
  Duration timeout;

  @Option(
      names = "--quiet-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Declare a hang when CMD prints nothing on stdout or stderr for this long (its output"
              + " then goes through a pipe: programs may buffer more than on a terminal).")
  Duration quietTimeout;

  @Option(
      names = "--kill-after",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "After SIGTERM, wait this long before SIGKILL (default: ${DEFAULT-VALUE}).")
  Duration killAfter;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description = "Run CMD again after a hang, up to N times.")
  int retries;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      defaultValue = "1",
      description = "Run CMD N times whatever happens and print a flake table.")
  int repeat;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Per attempt, write DIR/attempt-N/: summary.txt and, for a hang, the diagnosis as text,"
              + " JSON and Markdown (each file complete or absent). If they cannot be written, the"
              + " diagnosis goes to stderr instead.")
  Path reportDir;

  @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command and its arguments.")
  List<String> command;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    RunOptions options = options();
    PrintWriter err = spec.commandLine().getErr();
    Runner runner =
        new Runner(
            options,
            liveDiagnoser(output.redactor()),
            ChildIo.inherit(
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err)),
            new StderrEvents(err, output.redactor()),
            Ticker.SYSTEM,
            output.stderr(Terminal.current()));
    SignalTrap trap =
        SignalTrap.install(
            List.of("INT", "TERM"),
            signal -> {
              synchronized (runner) { // one handler thread per signal: keep their lines in order
                status(err, signal.equals("INT") ? runner.interrupt() : runner.terminate());
              }
            });
    RunResult result;
    try {
      result = runner.run();
    } catch (RuntimeException e) {
      throw new HangdoctorException(ExitCode.RUN_FAILED, "run failed: " + e);
    } finally {
      trap.close();
    }
    if (options.repeating()) {
      FlakeTable.render(result.attempts()).forEach(line -> status(err, line));
    }
    return exitCode(result);
  }

  /** The options, checked; every problem is a usage error with one line. */
  RunOptions options() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    if (!args.contains("--")) {
      throw new HangdoctorException(
          ExitCode.USAGE, "put -- before the command: hangdoctor run [OPTIONS] -- CMD [ARGS...]");
    }
    if (command == null || command.isEmpty()) {
      throw new HangdoctorException(ExitCode.USAGE, "no command after --");
    }
    if (reportDir != null) {
      OutputDir.check("--report", reportDir);
    }
    try {
      return new RunOptions(
          command,
          limit(timeout, "--timeout"),
          limit(quietTimeout, "--quiet-timeout"),
          killAfter,
          retries,
          repeat,
          Optional.ofNullable(reportDir),
          Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }

  /** A deadline option: absent or 0 means none, as with coreutils {@code timeout}. */
  private static Optional<Duration> limit(Duration value, String option) {
    if (value == null || value.isZero()) {
      return Optional.empty();
    }
    if (value.isNegative()) {
      throw new HangdoctorException(ExitCode.USAGE, option + " must not be negative");
    }
    return Optional.of(value);
  }

  /** hangdoctor's exit status for the run, chosen through {@link ExitCode}. */
  static int exitCode(RunResult result) {
    switch (result.exitStatus()) {
      case AttemptResult.HUNG_STATUS:
        return ExitCode.HUNG.code();
      case AttemptResult.CANNOT_EXECUTE_STATUS:
        return ExitCode.CANNOT_EXECUTE.code();
      case AttemptResult.NOT_FOUND_STATUS:
        return ExitCode.COMMAND_NOT_FOUND.code();
      case AttemptResult.INTERRUPTED_STATUS:
        return ExitCode.INTERRUPTED.code();
      default:
        return ExitCode.passThrough(result.exitStatus());
    }
  }

  private static TreeDiagnoser liveDiagnoser(Redactor redactor) {
    return pid ->
        LiveDiagnosis.diagnoser(ProcFs.system(), KnownSignatures.engine(), redactor)
            .diagnose(pid, SamplingPlan.DEFAULT);
  }

  private static void status(PrintWriter err, String line) {
    err.println("hangdoctor: " + line);
    err.flush();
  }

  /** Status lines and shown diagnoses, on stderr so CMD's stdout stays intact. */
  private static final class StderrEvents implements RunEvents {
    private final PrintWriter err;
    private final Redactor redactor;

    StderrEvents(PrintWriter err, Redactor redactor) {
      this.err = err;
      this.redactor = redactor;
    }

    @Override
    public void status(String line) {
      RunCommand.status(err, redactor.text(line));
    }

    @Override
    public void diagnosis(String text) {
      err.print(text);
      err.flush();
    }
  }
}
