package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

class VerbsTest {
  @Test
  void eachVerbIsCalledByTheNameItsCommandDeclares() {
    for (Verbs.Verb verb : Verbs.ALL) {
      Object made = verb.command().get();
      if (made instanceof CommandSpec coded) { // a model built in code (CodedModels)
        assertThat(coded.name()).as(verb.name()).isEqualTo(verb.name());
        continue;
      }
      Command command = made.getClass().getAnnotation(Command.class);
      assertThat(command).as(verb.name()).isNotNull();
      assertThat(command.name()).isEqualTo(verb.name());
    }
  }

  @Test
  void aCommandLineThatNamesAVerbBuildsOnlyThatVerb() {
    assertThat(Main.commandLine("dump", "123").getSubcommands()).containsOnlyKeys("dump");
    assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
    assertThat(Main.commandLine("run", "--timeout", "5", "--", "true").getSubcommands())
        .containsOnlyKeys("run");
  }

  @Test
  void helpAnUnknownVerbAndCompletionBuildEveryVerb() {
    int all = Verbs.ALL.size();
    assertThat(Main.commandLine().getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("--help").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("dupm", "123").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("@args.txt").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("completion").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("--help", "dump").getSubcommands()).hasSize(all);
  }

  @Test
  void aVerbRunAloneBehavesAsAmongAllVerbs() {
    CliRun alone = CliRun.of("dump", "--help");
    assertThat(alone.exitCode()).isZero();
    assertThat(alone.out()).startsWith("Usage: hangdoctor dump");
    CliRun unknown = CliRun.of("dupm", "1");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(unknown.err()).contains("dump");
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("hangdoctor ");
  }

  @Test
  void versionPrintsWhatPicocliWouldWithoutBuildingTheCommandLine() {
    java.io.StringWriter expected = new java.io.StringWriter();
    Main.commandLine().printVersionHelp(new java.io.PrintWriter(expected, true));

    assertThat(CliRun.of("--version").out()).isEqualTo(expected.toString());
    assertThat(CliRun.of("-V").out()).isEqualTo(expected.toString());
  }
}
