package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The models built in code say what picocli would read from annotations: their help, their options
 * in order (the completion script lists them so), and the fields each option sets.
 */
class CodedModelsTest {
  /** {@code dump} as it was declared with annotations, from the same texts. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = {"", ""})
  static final class AnnotatedDump {
    @Mixin TargetOptions target;

    @Option(names = "--json", description = DumpCommand.JSON)
    boolean json;

    @Mixin OutputOptions output;
  }

  /** The root command as it was declared with annotations. */
  @Command(
      name = "hangdoctor",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = Main.DESCRIPTION,
      footer = {"", "Exit codes: 'hangdoctor exit-codes' lists them; the README explains them."})
  static final class AnnotatedRoot {}

  @Test
  void dumpHasTheHelpAndTheOptionsOfItsAnnotatedTwin() {
    CommandLine annotated = new CommandLine(new AnnotatedDump());
    // An annotation takes constants only: the description array goes in here.
    annotated.getCommandSpec().usageMessage().description(DumpCommand.DESCRIPTION);
    CommandLine coded = new CommandLine(CodedModels.dump(new DumpCommand()));

    assertThat(coded.getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF))
        .contains("--color=WHEN", "(default: auto)", "-h, --help", "[PID]");
    assertThat(names(coded.getCommandSpec())).isEqualTo(names(annotated.getCommandSpec()));
  }

  @Test
  void theRootHasTheHelpOfItsAnnotatedTwin() {
    CommandLine annotated = new CommandLine(new AnnotatedRoot());
    CommandLine coded = new CommandLine(CodedModels.root(new Main()));

    assertThat(coded.getUsageMessage(CommandLine.Help.Ansi.OFF))
        .isEqualTo(annotated.getUsageMessage(CommandLine.Help.Ansi.OFF))
        .contains("Exit codes");
    assertThat(names(coded.getCommandSpec())).isEqualTo(names(annotated.getCommandSpec()));
    assertThat(coded.getCommandSpec().version())
        .isEqualTo(annotated.getCommandSpec().version())
        .isNotEmpty();
  }

  @Test
  void dumpsOptionsSetItsFieldsAndAreResetBetweenParses() {
    DumpCommand command = new DumpCommand();
    CommandLine line = new CommandLine(CodedModels.dump(command));

    line.parseArgs("--json", "--no-redact", "--color=never", "--width=40", "--port=8080", "42");

    assertThat(command.json).isTrue();
    assertThat(command.output.noRedact).isTrue();
    assertThat(command.output.color).isEqualTo("never");
    assertThat(command.output.width).isEqualTo(40);
    assertThat(command.target.port).isEqualTo(8080);
    assertThat(command.target.pid).isEqualTo(42);
    assertThat(command.spec).isSameAs(line.getCommandSpec());

    line.parseArgs("7");

    assertThat(command.json).isFalse();
    assertThat(command.output.noRedact).isFalse();
    assertThat(command.output.color).isEqualTo("auto");
    assertThat(command.output.width).isNull();
    assertThat(command.target.port).isNull();
    assertThat(command.target.pid).isEqualTo(7);
  }

  private static List<String> names(CommandSpec spec) {
    return spec.args().stream().map(CodedModelsTest::name).toList();
  }

  private static String name(ArgSpec arg) {
    return arg.isOption()
        ? String.join(",", ((CommandLine.Model.OptionSpec) arg).names())
        : arg.paramLabel();
  }
}
