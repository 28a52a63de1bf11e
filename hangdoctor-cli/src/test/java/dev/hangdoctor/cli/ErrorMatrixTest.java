package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every user error is one line on stderr and its documented exit code; never a stack trace. */
class ErrorMatrixTest {
  @Test
  void noSuchProcess() {
    assertOneLineError(
        CliRun.of("inspect", "2147483000"),
        ExitCode.NO_SUCH_TARGET,
        "no process with PID 2147483000");
  }

  @Test
  void nothingListensOnThePort() throws IOException {
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertOneLineError(
        CliRun.of("inspect", "--port", Integer.toString(port)),
        ExitCode.NO_SUCH_TARGET,
        "nothing listens on TCP port " + port);
  }

  @Test
  void diagnoseNoSuchProcess() {
    assertOneLineError(
        CliRun.of("diagnose", "2147483000"),
        ExitCode.NO_SUCH_TARGET,
        "no process with PID 2147483000");
  }

  @Test
  void kernelThread() {
    assertOneLineError(CliRun.of("inspect", "2"), ExitCode.KERNEL_THREAD, "is a kernel thread");
  }

  @Test
  void zombieNamesTheParentToInspect() throws Exception {
    try (Target parent =
        Target.start(
            TargetSpec.command(List.of("sh", "-c", "sleep 0 & echo READY; exec sleep 300")))) {
      long zombie =
          Await.value(
              "the unreaped child to be a zombie",
              Duration.ofSeconds(60), // bounded; beside a CPU hog 10 s was once not enough
              () -> zombieChildOf(parent.pid()));

      assertOneLineError(
          CliRun.of("inspect", Long.toString(zombie)),
          ExitCode.ZOMBIE,
          "is a zombie: it has exited but its parent, PID " + parent.pid());
    }
  }

  @Test
  void badArguments() {
    assertOneLineError(CliRun.of("inspect"), ExitCode.USAGE, "give either a PID or --port PORT");
    assertOneLineError(CliRun.of("inspect", "1", "--port", "80"), ExitCode.USAGE, "give either");
    assertOneLineError(
        CliRun.of("diagnose", "--url", "http://example.com/"), ExitCode.USAGE, "not this machine");
    assertOneLineError(
        CliRun.of("inspect", "1", "--samples", "0"),
        ExitCode.USAGE,
        "samples must be between 1 and 1000");
    assertOneLineError(
        CliRun.of("inspect", "--port", "70000"), ExitCode.USAGE, "--port must be 1-65535");
    assertOneLineError(
        CliRun.of("ps", "1", "--long-after", "-5s"),
        ExitCode.USAGE,
        "Invalid value for option '--long-after': '-5s' is negative");
    assertOneLineError(
        CliRun.of("diagnose", "1", "--interval", "often"),
        ExitCode.USAGE,
        "'often' is not a duration (a bare number is seconds");
    CliRun notANumber = CliRun.of("inspect", "abc");
    assertThat(notANumber.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(notANumber.err())
        .contains("'abc' is not an int")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertOneLineError(
        CliRun.of("frobnicate"),
        ExitCode.USAGE,
        "unknown verb 'frobnicate'; the verbs are diagnose, inspect, dump, tasks, ps, run, compare,"
            + " bisect, probe");
  }

  @Test
  void aMistypedVerbGetsTheCommandItWasProbablyMeantToBe() {
    assertOneLineError(
        CliRun.of("diagnos", "123"),
        ExitCode.USAGE,
        "unknown verb 'diagnos' (did you mean: hangdoctor diagnose 123)");
    assertOneLineError(
        CliRun.of("inpsect", "--port", "8000"),
        ExitCode.USAGE,
        "(did you mean: hangdoctor inspect --port 8000)");
    assertOneLineError(
        CliRun.of("894"),
        ExitCode.USAGE,
        "'894' is not a verb; to diagnose PID 894: hangdoctor diagnose 894");
    assertOneLineError(
        CliRun.of("894", "--json"), ExitCode.USAGE, "hangdoctor diagnose 894 --json");
  }

  @Test
  void everyExitCodeIsInTheReadmeTableAndInExitCodes() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertThat(readme).as("run from the module directory").exists();
    String text = Files.readString(readme);
    String table = text.substring(text.indexOf("## Exit codes"));
    table = table.substring(0, table.indexOf("\n## ", 3));
    String listed = CliRun.of("exit-codes").out();
    for (ExitCode code : ExitCode.values()) {
      assertThat(table)
          .as("README exit-code table")
          .containsPattern("(?m)^\\| " + code.code() + " \\|");
      assertThat(listed).as("exit-codes").containsPattern("(?m)^ *" + code.code() + "  ");
    }
    var rows = java.util.regex.Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table);
    while (rows.find()) {
      int documented = Integer.parseInt(rows.group(1));
      assertThat(ExitCode.values())
          .as("README documents exit code " + documented)
          .anyMatch(code -> code.code() == documented);
    }
  }

  @Test
  void everyVerbsHelpNamesOnlyItsOwnVerbAndVisibleOptions() {
    CommandLine root = Main.commandLine();
    for (var verb : root.getSubcommands().entrySet()) {
      CliRun help = CliRun.of(verb.getKey(), "--help");
      assertThat(help.exitCode()).as(verb.getKey()).isZero();
      assertThat(help.err()).as("picocli formatting warnings for " + verb.getKey()).isEmpty();
      assertThat(help.out()).startsWith("Usage: hangdoctor " + verb.getKey());
      for (var option : verb.getValue().getCommandSpec().options()) {
        if (option.hidden()) {
          assertThat(help.out()).as(verb.getKey()).doesNotContain(option.longestName());
        }
      }
      var mentioned =
          java.util.regex.Pattern.compile("['(]hangdoctor ([a-z-]+)").matcher(help.out());
      while (mentioned.find()) {
        assertThat(root.getSubcommands())
            .as(verb.getKey() + " help")
            .containsKey(mentioned.group(1));
      }
    }
  }

  @Test
  void exitCodesAreListedForScripts() {
    CliRun run = CliRun.of("exit-codes");

    for (ExitCode code : ExitCode.values()) {
      assertThat(run.out())
          .containsPattern(
              "(?m)^ *" + code.code() + "  " + java.util.regex.Pattern.quote(code.meaning()) + "$");
    }
  }

  @Test
  void versionHelpAndCompletion() {
    assertThat(CliRun.of("--version").out()).startsWith("hangdoctor 0.");
    assertThat(CliRun.of("--help").out())
        .contains("diagnose")
        .contains("inspect")
        .contains("ps")
        .contains("demo");
    CliRun completion = CliRun.of("completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out())
        .contains("complete -F")
        .contains("inspect")
        .contains("--long-after")
        .doesNotContain("generate-completion");
    assertThat(CliRun.of("completion", "--help").out())
        .startsWith("Usage: hangdoctor completion")
        .contains("source <(hangdoctor completion)")
        .doesNotContain("generate-completion");
  }

  private static void assertOneLineError(CliRun run, ExitCode expected, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(expected.code());
    assertThat(run.err()).startsWith("hangdoctor: ").contains(message);
    assertThat(run.err().strip().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static Optional<Long> zombieChildOf(long parent) {
    try (Stream<Path> pids = Files.list(Path.of("/proc"))) {
      return pids.map(p -> p.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> isZombieChild(pid, parent))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isZombieChild(long pid, long parent) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields[0].equals("Z") && Long.parseLong(fields[1]) == parent;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
