package dev.hangdoctor.cli;

import dev.hangdoctor.runner.RunOptions;
import dev.hangdoctor.runner.compare.BisectResult;
import dev.hangdoctor.runner.compare.Bisector;
import dev.hangdoctor.runner.compare.GitException;
import dev.hangdoctor.runner.compare.Repository;
import dev.hangdoctor.runner.compare.Tally;
import dev.hangdoctor.runner.compare.Worktree;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor bisect --good REV --bad REV [--runs N] -- CMD…}: finds the commit that made CMD
 * fail or hang, with N hang-proof runs per step and a re-test when a step is undecided, so a flaky
 * hang finds its commit. Runs in a temporary worktree; the user's checkout is never touched.
 */
@Command(
    name = "bisect",
    mixinStandardHelpOptions = true,
    description = {
      "Find the first commit between --good and --bad that makes CMD fail or hang more often,"
          + " with --runs hang-proof runs per commit; a commit the runs do not decide is re-tested"
          + " (up to --rounds times), so a flaky hang finds its commit.",
      "Runs in a temporary git worktree: your checkout, index and stashes are never touched, and"
          + " the worktree is removed at the end, on Ctrl+C too.",
      "Exit status: 0 the commit was found, 13 the bad revision is not shown to be worse than the"
          + " good one, 2 bad arguments, 130 interrupted."
    })
final class BisectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--good",
      paramLabel = "REV",
      required = true,
      description = "A revision where CMD works.")
  String good;

  @Option(
      names = "--bad",
      paramLabel = "REV",
      defaultValue = "HEAD",
      description = "A revision where CMD fails or hangs (default: ${DEFAULT-VALUE}).")
  String bad;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "10",
      description = "Runs per commit and round (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Most rounds of --runs for a commit the runs do not decide (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--alpha",
      paramLabel = "LEVEL",
      defaultValue = "0.05",
      description =
          "Level of the bisection: the endpoints are tested at it, each step at it divided by the"
              + " number of steps (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Mixin RunLimitOptions limits;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Write DIR/COMMIT/attempt-N for every run, as 'run --report' does.")
  Path reportDir;

  @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command and its arguments.")
  List<String> command;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    List<String> cmd = CompareArguments.command(spec, command, "bisect");
    Duration deadline = limits.deadline();
    if (runs < 1 || rounds < 1) {
      throw new HangdoctorException(ExitCode.USAGE, "--runs and --rounds must be at least 1");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new HangdoctorException(ExitCode.USAGE, "--alpha must be between 0 and 1");
    }
    if (reportDir != null) {
      OutputDir.check("--report", reportDir);
    }
    PrintWriter err = spec.commandLine().getErr();
    Repository repository;
    String goodCommit;
    String badCommit;
    try {
      repository = Repository.at(Path.of("").toAbsolutePath());
      goodCommit = repository.commit(good);
      badCommit = repository.commit(bad);
    } catch (GitException e) {
      throw CompareSetup.failure(e);
    }
    RunOptions options = RunOptions.of(cmd).withTimeout(deadline).withKillAfter(limits.killAfter);
    if (reportDir != null) {
      options = options.withReportDir(reportDir);
    }
    Worktree tree;
    try {
      tree = Worktree.at(repository, badCommit);
    } catch (GitException e) {
      throw CompareSetup.failure(e);
    }
    Thread cleanup = new Thread(tree::close, "hangdoctor-worktree-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      CompareSetup.status(err, "bisecting in a temporary worktree (" + tree.dir() + ")");
      Bisector bisector =
          new Bisector(
              repository,
              tree,
              options,
              runs,
              alpha,
              rounds,
              CompareSetup.runners(err, output.redactor(), output),
              line -> CompareSetup.status(err, output.redactor().text(line)));
      SignalTrap trap =
          SignalTrap.install(
              List.of("INT", "TERM"),
              signal -> {
                synchronized (bisector) {
                  CompareSetup.status(err, bisector.interrupt());
                }
              });
      BisectResult result;
      try {
        result = bisector.run(goodCommit, badCommit);
      } finally {
        trap.close();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (result.interrupted()) {
        out.println("interrupted after " + result.steps().size() + " step(s); no commit named");
        out.flush();
        return ExitCode.INTERRUPTED.code();
      }
      if (result.firstBad().isEmpty()) {
        out.println(
            "inconclusive: the bad revision "
                + bad
                + " is not shown to be worse than the good one "
                + good
                + " ("
                + rate(result.firstBadTally())
                + " against "
                + rate(result.goodTally())
                + " after "
                + rounds
                + " rounds); more --runs or --rounds, or another --good");
        out.flush();
        return ExitCode.INCONCLUSIVE.code();
      }
      String commit = result.firstBad().get();
      out.println("first bad commit: " + repository.describe(commit));
      out.println("  " + commit);
      out.println("  this commit:       " + rate(result.firstBadTally()));
      out.println(
          "  the one before it: "
              + rate(result.goodTally())
              + "  ("
              + repository.describe(result.goodBefore())
              + ")");
      if (result.firstBadTally().signatures().isEmpty()) {
        out.println("  verdicts seen: none");
      }
      for (Map.Entry<String, Integer> entry : result.firstBadTally().signaturesByCount()) {
        out.println("  verdicts seen: " + entry.getValue() + "x " + entry.getKey());
      }
      long uncertain = result.steps().stream().filter(BisectResult.Step::uncertain).count();
      out.println(
          "  "
              + result.steps().size()
              + " step(s), "
              + result.runs()
              + " runs at the steps"
              + (uncertain > 0
                  ? "; "
                      + uncertain
                      + " step(s) stayed undecided and went by the nearer rate: re-run with more"
                      + " --runs to be sure"
                  : ""));
      out.flush();
      return ExitCode.OK.code();
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

  private static String rate(Tally tally) {
    return String.format(
        Locale.ROOT,
        "%d of %d failed or hung (%.0f%%, 95%% CI %.0f-%.0f%%)",
        tally.bad(),
        tally.runs(),
        100 * tally.badRate(),
        100 * tally.badInterval().low(),
        100 * tally.badInterval().high());
  }
}
