package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.report.AtomicFile;
import dev.hangdoctor.diagnosis.report.WriteFailure;
import dev.hangdoctor.runner.RunOptions;
import dev.hangdoctor.runner.ShellWords;
import dev.hangdoctor.runner.compare.Comparer;
import dev.hangdoctor.runner.compare.ComparisonReport;
import dev.hangdoctor.runner.compare.ComparisonResult;
import dev.hangdoctor.runner.compare.Conclusion;
import dev.hangdoctor.runner.compare.GitException;
import dev.hangdoctor.runner.compare.Plan;
import dev.hangdoctor.runner.compare.Repository;
import dev.hangdoctor.runner.compare.Side;
import dev.hangdoctor.runner.compare.Worktree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor compare [--baseline REV] [--paths PATH…] -- CMD…}: is it my change, or was it
 * always flaky? Runs CMD alternately in the working tree and in a temporary worktree at the
 * baseline, each run hang-proof, and decides with Fisher's exact test.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Run CMD alternately in the working tree (uncommitted and untracked changes included) and in"
          + " a temporary git worktree at the baseline, each run hang-proof as with 'run', and"
          + " decide whether the change makes it fail or hang: regression, pre-existing, fixed,"
          + " inconclusive (with the runs that would decide it) or not-reproduced.",
      "Your working tree, index and stashes are never touched; the worktree is removed at the end,"
          + " on Ctrl+C too. CMD's output is not shown (--report keeps the evidence of each hang).",
      "Exit status: 1 regression, 0 fixed, 12 pre-existing, 13 inconclusive, 14 not-reproduced,"
          + " 2 bad arguments or not a git repository, 130 interrupted."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--baseline",
      paramLabel = "REV",
      defaultValue = "HEAD",
      description =
          "The revision to compare with (default: ${DEFAULT-VALUE}, i.e. without your local changes).")
  String baseline;

  @Option(
      names = "--paths",
      paramLabel = "PATH",
      arity = "1..*",
      description =
          "Revert only these files or directories to the baseline; everything else stays as in"
              + " your working tree.")
  List<String> paths;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "20",
      description = "Runs per side (default: ${DEFAULT-VALUE}); with --until-decided, per batch.")
  int runs;

  @Mixin RunLimitOptions limits;

  @Option(
      names = "--alpha",
      paramLabel = "LEVEL",
      defaultValue = "0.05",
      description =
          "Significance level of the test: the most often a change may be called a regression"
              + " or a fix when it makes no difference (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--until-decided",
      description =
          "Run batches of --runs per side until the test decides, up to --max-runs per side;"
              + " each look is held to alpha/looks (Bonferroni), so stopping early is safe.")
  boolean untilDecided;

  @Option(
      names = "--max-runs",
      paramLabel = "N",
      defaultValue = "100",
      description = "With --until-decided: the most runs per side (default: ${DEFAULT-VALUE}).")
  int maxRuns;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Write DIR/current/attempt-N and DIR/baseline/attempt-N as 'run --report' does, and the"
              + " comparison as DIR/comparison.txt, .json and .md.")
  Path reportDir;

  @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command and its arguments.")
  List<String> command;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    Plan plan = plan();
    List<String> cmd = CompareArguments.command(spec, command, "compare");
    if (reportDir != null) {
      OutputDir.check("--report", reportDir);
    }
    Duration deadline = limits.deadline();
    PrintWriter err = spec.commandLine().getErr();
    Path cwd = Path.of("").toAbsolutePath();
    Repository repository;
    String baselineCommit;
    String baselineLabel;
    try {
      repository = Repository.at(cwd);
      baselineCommit = repository.commit(baseline);
      baselineLabel = baseline + " " + repository.describe(baselineCommit);
    } catch (GitException e) {
      throw CompareSetup.failure(e);
    }
    RunOptions base = RunOptions.of(cmd).withTimeout(deadline).withKillAfter(limits.killAfter);
    String shown = ShellWords.join(output.redactor().argv(cmd));
    Worktree tree;
    try {
      tree =
          paths == null || paths.isEmpty()
              ? Worktree.at(repository, baselineCommit)
              : Worktree.withPathsReverted(repository, baselineCommit, paths);
    } catch (GitException e) {
      throw CompareSetup.failure(e);
    }
    Thread cleanup = new Thread(tree::close, "hangdoctor-worktree-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Map<Side, RunOptions> sides = new EnumMap<>(Side.class);
      RunOptions current = base.withDirectory(cwd);
      RunOptions other = base.withDirectory(tree.workingDirectory());
      if (reportDir != null) {
        current = current.withReportDir(reportDir.resolve("current"));
        other = other.withReportDir(reportDir.resolve("baseline"));
      }
      sides.put(Side.CURRENT, current);
      sides.put(Side.BASELINE, other);
      CompareSetup.status(
          err,
          "comparing the working tree with "
              + (paths == null || paths.isEmpty()
                  ? baselineLabel
                  : "the working tree with " + String.join(", ", paths) + " as at " + baselineLabel)
              + " ("
              + tree.dir()
              + "): "
              + (untilDecided ? "up to " + plan.mostRuns() : plan.runs())
              + " runs per side");
      Comparer comparer =
          new Comparer(
              sides,
              plan,
              CompareSetup.runners(err, output.redactor(), output),
              line -> CompareSetup.status(err, output.redactor().text(line)));
      ComparisonResult result;
      SignalTrap trap =
          SignalTrap.install(
              List.of("INT", "TERM"),
              signal -> {
                synchronized (comparer) {
                  CompareSetup.status(
                      err, signal.equals("INT") ? comparer.interrupt() : comparer.terminate());
                }
              });
      try {
        result = comparer.run();
      } finally {
        trap.close();
      }
      Map<Side, String> labels =
          Map.of(
              Side.CURRENT,
              "working tree",
              Side.BASELINE,
              paths == null || paths.isEmpty()
                  ? baselineLabel
                  : "working tree with " + String.join(", ", paths) + " at " + baselineLabel);
      ComparisonReport report = new ComparisonReport(result, labels, shown);
      PrintWriter out = spec.commandLine().getOut();
      report.text().forEach(out::println);
      out.flush();
      if (reportDir != null) {
        write(err, reportDir.resolve("comparison.txt"), String.join("\n", report.text()) + "\n");
        write(err, reportDir.resolve("comparison.json"), report.json());
        write(err, reportDir.resolve("comparison.md"), report.markdown(LocalDate.now().toString()));
      }
      return result.interrupted()
          ? ExitCode.INTERRUPTED.code()
          : exitCode(result.decision().conclusion()).code();
    } catch (GitException e) {
      throw CompareSetup.failure(e);
    } finally {
      tree.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (and finds the worktree gone)
      }
    }
  }

  private Plan plan() {
    try {
      return new Plan(runs, alpha, untilDecided, untilDecided ? maxRuns : runs);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }

  static ExitCode exitCode(Conclusion conclusion) {
    switch (conclusion) {
      case REGRESSION:
        return ExitCode.HANG_FOUND;
      case FIXED:
        return ExitCode.OK;
      case PRE_EXISTING:
        return ExitCode.PRE_EXISTING;
      case NOT_REPRODUCED:
        return ExitCode.NOT_REPRODUCED;
      default:
        return ExitCode.INCONCLUSIVE;
    }
  }

  static void write(PrintWriter err, Path file, String text) {
    try {
      AtomicFile.write(file, text);
    } catch (IOException e) {
      CompareSetup.status(err, "could not write " + file + ": " + WriteFailure.describe(e));
    }
  }
}
