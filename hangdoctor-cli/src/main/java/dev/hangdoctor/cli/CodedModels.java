package dev.hangdoctor.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The models of the root command and of {@code dump}, built in code rather than read from
 * annotations: picocli reads annotations reflectively, and the JDK makes a dynamic proxy class for
 * each annotation type it reads, which no start-up cache keeps; for a one-shot {@code dump} that
 * was a fifth of its time. They say exactly what the annotations would ({@code CodedModelsTest}
 * compares their help with an annotated twin's), and share the options' texts with the annotated
 * verbs through {@link TargetOptions} and {@link OutputOptions}.
 */
final class CodedModels {
  static final String HELP = "Show this help message and exit.";
  static final String VERSION = "Print version information and exit.";

  private CodedModels() {}

  /** The root command, {@code hangdoctor}, with no verbs yet. */
  static CommandSpec root(Main main) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(main).name("hangdoctor");
    spec.versionProvider(new VersionProvider());
    spec.usageMessage().description(Main.DESCRIPTION).footer(Main.FOOTER);
    standardHelpOptions(spec);
    main.spec = spec;
    return spec;
  }

  /** {@code dump}, bound to {@code command}. */
  static CommandSpec dump(DumpCommand command) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("dump");
    spec.usageMessage().description(DumpCommand.DESCRIPTION);
    command.target = target(spec, new TargetOptions());
    Binding<Boolean> json = new Binding<>(() -> command.json, value -> command.json = value);
    spec.addOption(
        OptionSpec.builder("--json")
            .type(boolean.class)
            .initialValue(false)
            .description(DumpCommand.JSON)
            .getter(json)
            .setter(json)
            .build());
    command.output = output(spec, new OutputOptions());
    standardHelpOptions(spec); // last, where picocli puts its mixin: the completion script's order
    command.spec = spec;
    return spec;
  }

  /** {@code -h, --help} and {@code -V, --version}, as picocli's standard help options say them. */
  private static void standardHelpOptions(CommandSpec spec) {
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(HELP).build());
    spec.addOption(
        OptionSpec.builder("-V", "--version").versionHelp(true).description(VERSION).build());
  }

  private static TargetOptions target(CommandSpec spec, TargetOptions target) {
    // picocli lists the annotated option before the positional parameter: so do we.
    Binding<Integer> port = new Binding<>(() -> target.port, value -> target.port = value);
    spec.addOption(
        OptionSpec.builder("--port")
            .paramLabel(TargetOptions.PORT_LABEL)
            .type(Integer.class)
            .description(TargetOptions.PORT)
            .getter(port)
            .setter(port)
            .build());
    Binding<Integer> pid = new Binding<>(() -> target.pid, value -> target.pid = value);
    spec.addPositional(
        PositionalParamSpec.builder()
            .index("0")
            .arity("0..1")
            .paramLabel(TargetOptions.PID_LABEL)
            .type(Integer.class)
            .description(TargetOptions.PID)
            .getter(pid)
            .setter(pid)
            .build());
    return target;
  }

  private static OutputOptions output(CommandSpec spec, OutputOptions output) {
    Binding<Boolean> noRedact =
        new Binding<>(() -> output.noRedact, value -> output.noRedact = value);
    spec.addOption(
        OptionSpec.builder("--no-redact")
            .type(boolean.class)
            .initialValue(false)
            .description(OutputOptions.NO_REDACT)
            .getter(noRedact)
            .setter(noRedact)
            .build());
    Binding<String> color = new Binding<>(() -> output.color, value -> output.color = value);
    spec.addOption(
        OptionSpec.builder("--color")
            .paramLabel(OutputOptions.COLOR_LABEL)
            .type(String.class)
            .defaultValue(OutputOptions.COLOR_DEFAULT)
            .description(OutputOptions.COLOR)
            .getter(color)
            .setter(color)
            .build());
    Binding<Integer> width = new Binding<>(() -> output.width, value -> output.width = value);
    spec.addOption(
        OptionSpec.builder("--width")
            .paramLabel(OutputOptions.WIDTH_LABEL)
            .type(Integer.class)
            .description(OutputOptions.WIDTH)
            .getter(width)
            .setter(width)
            .build());
    return output;
  }
}
