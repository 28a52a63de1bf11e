package dev.hangdoctor.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hangdoctor completion}: the bash (and zsh) completion script of every verb and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the bash completion script for hangdoctor's verbs and options.",
      "bash:  source <(hangdoctor completion)",
      "zsh:   autoload -U +X bashcompinit && bashcompinit; source <(hangdoctor completion)"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    return ExitCode.OK.code();
  }
}
