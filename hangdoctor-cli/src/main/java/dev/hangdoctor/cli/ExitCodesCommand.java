package dev.hangdoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hangdoctor exit-codes}: the table of exit statuses, for scripts. */
@Command(
    name = "exit-codes",
    mixinStandardHelpOptions = true,
    description = "List the exit codes hangdoctor uses.")
final class ExitCodesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (ExitCode code : ExitCode.values()) {
      spec.commandLine().getOut().printf("%4d  %s%n", code.code(), code.meaning());
    }
    spec.commandLine().getOut().printf("   *  %s%n", ExitCode.PASS_THROUGH_MEANING);
    return ExitCode.OK.code();
  }
}
