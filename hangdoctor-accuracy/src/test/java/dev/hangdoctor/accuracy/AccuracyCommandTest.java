package dev.hangdoctor.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench/accuracy}'s arguments: one line and exit 2 for bad ones, exit 8 for a lost jar. */
class AccuracyCommandTest {

  private record Run(int status, String out, String err) {}

  private static Run run(Path root, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        AccuracyCommand.run(root, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void badArgumentsGetOneLineAndExit2(@TempDir Path root) throws Exception {
    Path jar = Files.createFile(root.resolve("hangdoctor.jar"));
    for (String[] args :
        new String[][] {
          {"--windows", "0"},
          {"--parallel", "0"},
          {"--windows", "ten"},
          {"--write-expected", "--check", "--jar", jar.toString()},
          {"--write-expected", "--windows", "2", "--jar", jar.toString()},
          {"--no-such-option"},
        }) {
      Run run = run(root, args);

      assertThat(run.status()).as(String.join(" ", args)).isEqualTo(AccuracyCommand.USAGE);
      assertThat(run.err()).startsWith("accuracy: ").contains("Try 'bench/accuracy --help'.");
      assertThat(run.err().lines()).hasSize(2);
    }
  }

  @Test
  void aCorpusWithoutCasesOrACaseGlobMatchingNothingIsABadArgument(@TempDir Path root)
      throws Exception {
    Path jar = Files.createFile(root.resolve("hangdoctor.jar"));
    Files.createDirectories(root.resolve("corpus/hangs"));

    Run empty = run(root, "--jar", jar.toString(), "--corpus", root.resolve("nothing").toString());
    assertThat(empty.status()).isEqualTo(AccuracyCommand.USAGE);
    assertThat(empty.err()).contains("is not a corpus");

    Run none = run(root, "--jar", jar.toString(), "--case", "no-such-*");
    assertThat(none.status()).isEqualTo(AccuracyCommand.USAGE);
    assertThat(none.err()).contains("no corpus case matches no-such-*");
  }

  @Test
  void aMissingJarSaysHowToBuildIt(@TempDir Path root) {
    Run run = run(root);

    assertThat(run.status()).isEqualTo(AccuracyCommand.MISSING_TOOL);
    assertThat(run.err())
        .contains("hangdoctor-cli/target/hangdoctor.jar is missing")
        .contains("./mvnw -q -B -DskipTests package");
  }

  @Test
  void helpListsTheOptions(@TempDir Path root) {
    Run run = run(root, "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("--windows")
        .contains("--case")
        .contains("--python")
        .contains("--jar")
        .contains("--parallel")
        .contains("--json")
        .contains("--write-expected")
        .contains("Exit status:");
  }
}
