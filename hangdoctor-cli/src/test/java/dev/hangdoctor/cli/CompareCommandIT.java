package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.DefaultSigint;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hangdoctor compare} from the packaged jar, on real git repositories whose programs hang a
 * set share of their runs at random (os.urandom). Each scenario runs once and asserts the
 * conclusion; run counts and levels are chosen so a wrong one is rare (exact binomial sums over the
 * decision rule, computed for these rates):
 *
 * <ul>
 *   <li>a change adding a 50 % hang, 22 runs per side, alpha 0.05: wrong 0.22 % of the time (fewer
 *       than 5 hangs in 22, or a baseline run that hangs);
 *   <li>a change fixing a 50 % hang, {@code --until-decided} in batches of 8 up to 40 per side
 *       (each of the 5 looks at 0.01): wrong only if 40 runs of the old code hang fewer than 8
 *       times, below 0.01 %; it usually stops after 16 or 24 runs per side;
 *   <li>{@code --paths} reverting the layer that adds a 50 % hang: 0.22 %;
 *   <li>a 50 % hang on both sides, 16 runs per side, alpha 0.0001: 0.005 % (no hang on a side in 16
 *       runs, 0.5^16, or a chance difference below 0.0001). It was a 30 % hang in 20 runs at 0.002,
 *       wrong 0.20 % of the time, and CI once drew a baseline without a hang.
 * </ul>
 *
 * Together under 0.5 % per suite run. {@code bench/compare-accuracy} measures the rates over
 * independent invocations.
 */
class CompareCommandIT {
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Duration BOUND = Duration.ofMinutes(10);
  private static final Pattern WORKTREE = Pattern.compile("\\((/[^)]*hangdoctor-compare-[^)]*)\\)");

  private static String python() {
    return Tool.PYTHON3.require(Interpreters.python3()).toString();
  }

  private static List<String> compare(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-jar", JAR.toString()));
    command.add("compare");
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The hang-proof settings of every scenario: a 5 s deadline for a program that takes 20 ms (at 1
   * s, a healthy run started beside a CPU hog at load 20 sometimes missed it and counted as hung).
   */
  private static List<String> withProgram(List<String> options, String program) {
    List<String> args = new ArrayList<>(options);
    args.addAll(
        List.of("--timeout", "5s", "--kill-after", "1s", "--", python(), "-S", "-B", program));
    return args;
  }

  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(Path dir, List<String> args, Path tmp) throws Exception {
    Path out = tmp.resolve("compare.out");
    Path err = tmp.resolve("compare.err");
    Process process =
        new ProcessBuilder(compare(args.toArray(String[]::new)))
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aChangeThatAddsAHangIsARegressionAndTheDirtyTreeStaysByteForByte(@TempDir Path tmp)
      throws Exception {
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    repo.write("job.py", GitFixture.hangingProgram(0)).write("README", "v1\n").commit("job");
    repo.write("other.txt", "base\n").commit("other");
    // a stash, a staged change, an unstaged change (the hang) and an untracked file
    repo.write("other.txt", "stashed\n");
    repo.git("stash", "-q");
    repo.write("README", "v2\n");
    repo.git("add", "README");
    repo.write("job.py", GitFixture.hangingProgram(50)).write("notes/untracked.txt", "mine\n");
    String before = repo.hash();

    Path report = tmp.resolve("report");
    Outcome outcome =
        run(
            repo.dir(),
            withProgram(List.of("--runs", "22", "--report", report.toString()), "job.py"),
            tmp);

    assertThat(outcome.exit()).as(outcome.out() + outcome.err()).isEqualTo(1);
    assertThat(outcome.out())
        .contains("baseline = HEAD ")
        .containsPattern("current +22 +\\d+ +0 +\\d+")
        .containsPattern("baseline +22 +22 +0 +0 +0% \\(0-15%\\)")
        .contains("current: ")
        .contains("x hang: self-deadlock on lock")
        .contains("baseline: no failure or hang")
        .contains("conclusion: regression: worse with the change");
    assertThat(repo.hash()).as("the user's tree, index and stash").isEqualTo(before);
    assertThat(repo.git("stash", "list")).contains("stash@{0}");
    assertWorktreeGone(outcome.err(), repo);
    assertThat(Files.readString(report.resolve("comparison.json")))
        .contains("\"conclusion\" : \"regression\"");
    assertThat(Files.readString(report.resolve("comparison.md")))
        .contains("| date | command | verdict | top finding |")
        .contains("compare: regression");
    try (Stream<Path> attempts = Files.list(report.resolve("current"))) {
      assertThat(attempts.filter(a -> Files.exists(a.resolve("diagnosis.txt"))).count())
          .as("the evidence of each hang")
          .isPositive();
    }
  }

  @Test
  void aHangTheChangeDoesNotAffectIsPreExisting(@TempDir Path tmp) throws Exception {
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    repo.write("job.py", GitFixture.hangingProgram(50)).commit("job with a 50 % hang");
    repo.write("job.py", GitFixture.hangingProgram(50) + "# a harmless change\n");

    Outcome outcome =
        run(repo.dir(), withProgram(List.of("--runs", "16", "--alpha", "0.0001"), "job.py"), tmp);

    assertThat(outcome.exit()).as(outcome.out() + outcome.err()).isEqualTo(12);
    assertThat(outcome.out())
        .contains("(seen on both sides)")
        .contains("conclusion: pre-existing: fails the same way without the change");
    assertWorktreeGone(outcome.err(), repo);
  }

  @Test
  void aChangeThatRemovesAHangIsAFixAgainstAnOlderBaseline(@TempDir Path tmp) throws Exception {
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    String hanging = repo.write("job.py", GitFixture.hangingProgram(50)).commit("hangs");
    repo.write("job.py", GitFixture.hangingProgram(0)).commit("the fix");
    repo.write("later.txt", "unrelated\n").commit("later");

    Outcome outcome =
        run(
            repo.dir(),
            withProgram(
                List.of(
                    "--baseline",
                    hanging.substring(0, 10),
                    "--runs",
                    "8",
                    "--until-decided",
                    "--max-runs",
                    "40"),
                "job.py"),
            tmp);

    assertThat(outcome.exit()).as(outcome.out() + outcome.err()).isEqualTo(0);
    assertThat(outcome.out())
        .contains("test: sequential: Fisher's exact test after each batch of 8 runs per side")
        .contains("each at alpha/5 = 0.01")
        .contains("conclusion: fixed: better with the change");
    assertWorktreeGone(outcome.err(), repo);
  }

  @Test
  void pathsRevertsOnlyTheLayerThatAddsTheHang(@TempDir Path tmp) throws Exception {
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    String app = "import sys\nsys.path.insert(0, 'lib')\nimport layer\nVERSION = %d\n";
    repo.write("app.py", String.format(app, 1)).write("lib/layer.py", GitFixture.hangingProgram(0));
    repo.commit("app over a layer");
    // both layers change; only lib/ brings the hang, and app.py must stay as changed
    repo.write("app.py", String.format(app, 2) + "assert VERSION == 2\n");
    repo.write("lib/layer.py", GitFixture.hangingProgram(50));

    Outcome outcome =
        run(repo.dir(), withProgram(List.of("--paths", "lib", "--runs", "22"), "app.py"), tmp);

    assertThat(outcome.exit()).as(outcome.out() + outcome.err()).isEqualTo(1);
    assertThat(outcome.out())
        .contains("baseline = working tree with lib at HEAD")
        .containsPattern("baseline +22 +22 +0 +0 ")
        .contains("conclusion: regression");
    assertWorktreeGone(outcome.err(), repo);
  }

  @Test
  void ctrlCStopsTheComparisonRemovesTheWorktreeAndLeavesNothingRunning(@TempDir Path tmp)
      throws Exception {
    GitFixture repo = GitFixture.init(tmp.resolve("repo"));
    String program = "job_" + ProcessHandle.current().pid() + ".py";
    repo.write(program, GitFixture.hangingProgram(0)).commit("job");
    repo.write(program, GitFixture.hangingProgram(100));
    String before = repo.hash();
    Path err = tmp.resolve("err");
    Process process =
        new ProcessBuilder(
                DefaultSigint.command(
                    compare(withProgram(List.of("--runs", "200"), program).toArray(String[]::new))))
            .directory(repo.dir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(tmp.resolve("out").toFile())
            .redirectError(err.toFile())
            .start();
    try {
      Await.until("the first run of each side", BOUND, () -> read(err).contains("baseline run 1:"));
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    String stderr = read(err);
    assertThat(process.exitValue()).as(stderr).isEqualTo(130);
    assertThat(stderr).contains("no further runs, the comparison so far follows");
    assertThat(Files.readString(tmp.resolve("out")))
        .contains("interrupted: the decision covers the runs made before the interrupt");
    assertWorktreeGone(stderr, repo);
    assertThat(repo.hash()).isEqualTo(before);
    assertThat(processesRunning(program)).as("processes still running " + program).isEmpty();
  }

  private static void assertWorktreeGone(String stderr, GitFixture repo) throws Exception {
    Matcher worktree = WORKTREE.matcher(stderr);
    assertThat(worktree.find()).as(stderr).isTrue();
    Path tree = Path.of(worktree.group(1));
    assertThat(tree).doesNotExist();
    assertThat(tree.getParent()).doesNotExist();
    assertThat(repo.git("worktree", "list", "--porcelain")).doesNotContain("hangdoctor-compare-");
  }

  private static List<Long> processesRunning(String program) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        try {
          String cmdline =
              new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(program)) {
            pids.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | NumberFormatException e) {
          // not a process, or gone
        }
      }
    }
    return pids;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
