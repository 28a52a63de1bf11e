package dev.hangdoctor.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every verb, in the order help lists them, with a factory for its command object.
 *
 * <p>picocli reads a command's annotations (every option of every mixin) when the command is added,
 * which for all verbs is most of a short command's start-up; so a command line names its verb here
 * and only that verb's model is built ({@link Main#commandLine(String...)}). A new verb is added
 * here, not in {@link Main}'s annotation.
 */
final class Verbs {
  /** One verb: the name it is called by and how to make its command object. */
  record Verb(String name, Supplier<Object> command) {}

  static final List<Verb> ALL =
      List.of(
          new Verb("diagnose", DiagnoseCommand::new),
          new Verb("inspect", InspectCommand::new),
          new Verb("dump", () -> CodedModels.dump(new DumpCommand())),
          new Verb("tasks", TasksCommand::new),
          new Verb("ps", PsCommand::new),
          new Verb("run", RunCommand::new),
          new Verb("compare", CompareCommand::new),
          new Verb("bisect", BisectCommand::new),
          new Verb("probe", ProbeCommand::new),
          new Verb("watch", WatchCommand::new),
          new Verb("demo", DemoCommand::new),
          new Verb("exit-codes", ExitCodesCommand::new),
          new Verb("completion", CompletionCommand::new));

  /** Verbs whose work needs every other verb's model (the completion script lists them all). */
  private static final List<String> NEEDS_ALL = List.of("completion");

  private Verbs() {}

  /**
   * The verbs a command line needs: none for {@code --version}, only the one it names, or all of
   * them when it names none that exists (help, an unknown verb to suggest a near one for, an
   * {@code @argument-file}).
   */
  static List<Verb> neededBy(String... args) {
    if (versionOnly(args)) {
      return List.of();
    }
    return named(args).filter(verb -> !NEEDS_ALL.contains(verb.name())).map(List::of).orElse(ALL);
  }

  /** {@code --version} or {@code -V} alone: the one command line that needs no verb at all. */
  static boolean versionOnly(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** The verb in first place; after a root option ({@code --help dump}) the root needs them all. */
  private static Optional<Verb> named(String... args) {
    if (args.length == 0) {
      return Optional.empty();
    }
    return ALL.stream().filter(verb -> verb.name().equals(args[0])).findFirst();
  }
}
