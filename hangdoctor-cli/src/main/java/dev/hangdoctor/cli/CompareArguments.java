package dev.hangdoctor.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command after {@code --} and the deadline, checked alike by {@code compare} and {@code
 * bisect}.
 */
final class CompareArguments {
  private CompareArguments() {}

  static List<String> command(CommandSpec spec, List<String> command, String verb) {
    if (!spec.commandLine().getParseResult().originalArgs().contains("--")) {
      throw new HangdoctorException(
          ExitCode.USAGE,
          "put -- before the command: hangdoctor " + verb + " [OPTIONS] -- CMD [ARGS...]");
    }
    if (command == null || command.isEmpty() || command.get(0).isEmpty()) {
      throw new HangdoctorException(ExitCode.USAGE, "no command after --");
    }
    return command;
  }

  static Duration positive(Duration value, String option) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new HangdoctorException(
          ExitCode.USAGE, option + " must be positive: a run without a deadline is not hang-proof");
    }
    return value;
  }
}
