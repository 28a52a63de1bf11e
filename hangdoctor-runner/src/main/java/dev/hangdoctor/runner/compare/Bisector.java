package dev.hangdoctor.runner.compare;

import dev.hangdoctor.runner.AttemptResult;
import dev.hangdoctor.runner.Outcome;
import dev.hangdoctor.runner.RunOptions;
import dev.hangdoctor.runner.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Bisects a flaky failure between a good and a bad commit with {@code runs} runs per step, in a
 * temporary worktree. A commit is bad when it fails or hangs significantly more often than the good
 * side (one-sided Fisher exact test), good when significantly less often than the bad side, each
 * test at {@code alpha} divided by the number of steps the bisection takes (Bonferroni: a bad
 * commit wrongly called good sends the search the wrong way, and there are about log2(commits)
 * chances for that); otherwise it is re-tested with {@code runs} more, up to {@code rounds} times,
 * and then classified by the nearer rate and marked uncertain. Each classified commit's runs join
 * its side, so later steps are judged against more runs. The endpoints themselves are run first,
 * and the bisection only starts once the bad one is shown to be worse than the good one.
 */
public final class Bisector {
  private final Repository repository;
  private final Worktree tree;
  private final RunOptions options;
  private final int runs;
  private final double alpha;
  private final int rounds;
  private final Comparer.Runners factory;
  private final Consumer<String> progress;
  private volatile Runner active;
  private volatile boolean stopping;

  public Bisector(
      Repository repository,
      Worktree tree,
      RunOptions options,
      int runs,
      double alpha,
      int rounds,
      Comparer.Runners factory,
      Consumer<String> progress) {
    if (runs < 1 || rounds < 1 || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "--runs and --rounds must be at least 1, --alpha in (0, 1)");
    }
    this.repository = repository;
    this.tree = tree;
    this.options = options;
    this.runs = runs;
    this.alpha = alpha;
    this.rounds = rounds;
    this.factory = factory;
    this.progress = progress;
  }

  public BisectResult run(String good, String bad) throws GitException, InterruptedException {
    List<String> commits = repository.between(good, bad);
    List<BisectResult.Step> steps = new ArrayList<>();
    progress.accept(
        "bisecting "
            + commits.size()
            + " commit(s) after "
            + Repository.shortId(good)
            + " up to "
            + Repository.shortId(bad)
            + ", "
            + runs
            + " runs per step");
    Tally goodSide = Tally.of(List.of());
    Tally badSide = Tally.of(List.of());
    boolean differ = false;
    for (int round = 1; round <= rounds && !stopping; round++) {
      goodSide = goodSide.plus(runAt(good, round));
      badSide = badSide.plus(runAt(bad, round));
      double p =
          FisherExact.greater(badSide.bad(), badSide.runs(), goodSide.bad(), goodSide.runs());
      progress.accept(
          String.format(
              Locale.ROOT,
              "good %s: %s; bad %s: %s; bad worse than good: p = %s",
              Repository.shortId(good),
              rate(goodSide),
              Repository.shortId(bad),
              rate(badSide),
              Decision.p(p)));
      if (p < alpha) {
        differ = true;
        break;
      }
    }
    if (!differ || stopping) {
      return new BisectResult(Optional.empty(), badSide, goodSide, good, steps, differ, stopping);
    }
    double stepAlpha = alpha / steps(commits.size());
    progress.accept(
        String.format(
            Locale.ROOT,
            "each step is judged at alpha/%d = %.3g (one-sided Fisher exact tests)",
            steps(commits.size()),
            stepAlpha));
    int lo = -1;
    int hi = commits.size() - 1;
    Tally culprit = badSide;
    Tally beforeCulprit = goodSide;
    Tally lastGood = goodSide;
    while (hi - lo > 1 && !stopping) {
      int mid = (lo + hi) / 2;
      String commit = commits.get(mid);
      BisectResult.Step step = judge(commit, goodSide, badSide, stepAlpha);
      steps.add(step);
      progress.accept(
          String.format(
              Locale.ROOT,
              "step %d: %s: %s -> %s%s",
              steps.size(),
              step.title(),
              rate(step.tally()),
              step.bad() ? "bad" : "good",
              step.uncertain() ? " (uncertain: nearer rate after " + rounds + " rounds)" : ""));
      if (step.bad()) {
        hi = mid;
        culprit = step.tally();
        badSide = badSide.plus(step.tally());
      } else {
        lo = mid;
        lastGood = step.tally();
        goodSide = goodSide.plus(step.tally());
      }
    }
    beforeCulprit = lo < 0 ? beforeCulprit : lastGood;
    if (stopping) {
      return new BisectResult(Optional.empty(), culprit, beforeCulprit, good, steps, true, true);
    }
    String before = lo < 0 ? good : commits.get(lo);
    return new BisectResult(
        Optional.of(commits.get(hi)), culprit, beforeCulprit, before, steps, true, false);
  }

  /** A SIGINT: passed to the run in progress; no further runs. */
  public String interrupt() {
    boolean first = !stopping;
    stopping = true;
    Runner running = active;
    String said = running == null ? "interrupted" : running.interrupt();
    return first ? said + "; no further runs" : said;
  }

  /** How many commits a bisection of {@code commits} judges at most: ceil(log2(commits + 1)). */
  static int steps(int commits) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(commits));
  }

  private BisectResult.Step judge(String commit, Tally good, Tally bad, double stepAlpha)
      throws GitException, InterruptedException {
    Tally tally = Tally.of(List.of());
    double pWorse = 1;
    double pBetter = 1;
    for (int round = 1; round <= rounds && !stopping; round++) {
      tally = tally.plus(runAt(commit, round));
      pWorse = FisherExact.greater(tally.bad(), tally.runs(), good.bad(), good.runs());
      pBetter = FisherExact.less(tally.bad(), tally.runs(), bad.bad(), bad.runs());
      if (pWorse < stepAlpha || pBetter < stepAlpha) {
        return new BisectResult.Step(
            commit, repository.describe(commit), tally, pWorse <= pBetter, pWorse, pBetter, false);
      }
    }
    boolean nearerBad =
        Math.abs(tally.badRate() - bad.badRate()) < Math.abs(tally.badRate() - good.badRate());
    return new BisectResult.Step(
        commit, repository.describe(commit), tally, nearerBad, pWorse, pBetter, true);
  }

  /** One round of {@code runs} runs at {@code commit}, numbered on from earlier rounds. */
  private Tally runAt(String commit, int round) throws GitException, InterruptedException {
    tree.checkout(commit);
    RunOptions here =
        options.withDirectory(tree.workingDirectory()).withRepeat(Math.max(2, runs * rounds));
    if (options.reportDir().isPresent()) {
      here = here.withReportDir(options.reportDir().get().resolve(Repository.shortId(commit)));
    }
    Runner runner = factory.create(Side.BASELINE, here);
    List<AttemptResult> results = new ArrayList<>();
    for (int i = 1; i <= runs && !stopping; i++) {
      active = runner;
      try {
        AttemptResult result = runner.attempt((round - 1) * runs + i);
        if (result.outcome() == Outcome.INTERRUPTED || result.outcome() == Outcome.NOT_STARTED) {
          stopping = true;
        }
        results.add(result);
      } finally {
        active = null;
      }
    }
    return Tally.of(results);
  }

  static String rate(Tally tally) {
    WilsonInterval interval = tally.badInterval();
    return String.format(
        Locale.ROOT,
        "%d of %d failed or hung (%.0f%%, 95%% CI %.0f-%.0f%%)",
        tally.bad(),
        tally.runs(),
        100 * tally.badRate(),
        100 * interval.low(),
        100 * interval.high());
  }
}
