package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hangdoctor bisect} from the packaged jar over a real repository of 20 commits, the 13th of
 * which adds a 40 % hang (os.urandom per run), with the defaults (10 runs per step, each step at
 * 0.05/5, up to 4 rounds). A wrong commit needs a bad commit called good (its runs look better than
 * the bad side's at 0.01) or the endpoints to look alike for 4 rounds: a simulation of exactly this
 * procedure (600 bisections) was right 98 % of the time, so this test fails about once in 50 suite
 * runs; it is the price of testing the real thing once. {@code bench/compare-accuracy} measures the
 * rate over independent invocations of the packaged CLI.
 */
class BisectCommandIT {
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Duration BOUND = Duration.ofMinutes(15);

  @Test
  void aFlakyHangFindsTheCommitThatAddedItAndTheCheckoutIsUntouched(@TempDir Path tmp)
      throws Exception {
    String python = Tool.PYTHON3.require(Interpreters.python3()).toString();
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    for (int i = 0; i <= 20; i++) {
      repo.write("job.py", GitFixture.hangingProgram(i >= 13 ? 40 : 0));
      repo.write("counter", i + "\n");
      repo.commit("commit " + i);
    }
    repo.write("notes.txt", "untracked\n");
    String before = repo.hash();

    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-jar",
                JAR.toString(),
                "bisect",
                "--good",
                "HEAD~20",
                "--bad",
                "HEAD",
                "--runs",
                "10",
                "--timeout",
                "3s", // a 20 ms program: a healthy run stays inside it even beside a CPU hog
                "--kill-after",
                "1s",
                "--",
                python,
                "-S",
                "-B",
                "job.py"));
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process process =
        new ProcessBuilder(command)
            .directory(repo.dir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    assertThat(process.exitValue()).as(stdout + stderr).isEqualTo(0);
    assertThat(stdout)
        .containsPattern("first bad commit: [0-9a-f]+ commit 13\n")
        .containsPattern("the one before it: 0 of \\d+ failed or hung")
        .contains("verdicts seen: ")
        .contains("x hang: self-deadlock on lock at job.py in flush");
    assertThat(repo.hash()).as("the user's checkout").isEqualTo(before);
    assertThat(repo.git("worktree", "list", "--porcelain")).doesNotContain("hangdoctor-compare-");
  }
}
