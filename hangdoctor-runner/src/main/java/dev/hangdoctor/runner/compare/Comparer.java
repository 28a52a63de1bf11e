package dev.hangdoctor.runner.compare;

import dev.hangdoctor.runner.AttemptResult;
import dev.hangdoctor.runner.Outcome;
import dev.hangdoctor.runner.RunOptions;
import dev.hangdoctor.runner.Runner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a command on both sides of a comparison, alternating in pairs whose order also alternates
 * (current then baseline, then baseline then current, ...), so load that comes and goes on the
 * machine falls on both sides alike. Each run is one hang-proof attempt of a {@link Runner}: its
 * deadline, the evidence before the kill, the tree kill, its report under {@code DIR/SIDE/}. A
 * first {@link #interrupt()} is passed to the run in progress and ends the comparison after it; a
 * second stops that run's tree at once.
 */
public final class Comparer {
  /** Makes the runner of one side from that side's options. */
  public interface Runners {
    Runner create(Side side, RunOptions options);
  }

  private final Map<Side, Runner> runners = new EnumMap<>(Side.class);
  private final Plan plan;
  private final Consumer<String> progress;
  private volatile Runner active;
  private volatile boolean stopping;

  /**
   * @param options the options of each side: the command, its deadlines, its directory and report
   *     directory; their {@code repeat} is set here to the plan's most runs
   */
  public Comparer(
      Map<Side, RunOptions> options, Plan plan, Runners factory, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
    for (Side side : Side.values()) {
      runners.put(
          side, factory.create(side, options.get(side).withRepeat(Math.max(2, plan.mostRuns()))));
    }
  }

  public ComparisonResult run() throws InterruptedException {
    Map<Side, List<AttemptResult>> runs = new EnumMap<>(Side.class);
    runs.put(Side.CURRENT, new ArrayList<>());
    runs.put(Side.BASELINE, new ArrayList<>());
    Decision decision = decide(runs, plan.alphaPerLook());
    for (int look = 1; look <= plan.looks() && !stopping; look++) {
      for (int i = 0; i < plan.runs() && !stopping; i++) {
        int pair = runs.get(Side.CURRENT).size();
        Side first = pair % 2 == 0 ? Side.CURRENT : Side.BASELINE;
        for (Side side : List.of(first, other(first))) {
          if (stopping) {
            break;
          }
          AttemptResult result = once(side, runs.get(side).size() + 1);
          runs.get(side).add(result);
          if (result.outcome() == Outcome.NOT_STARTED) {
            stopping = true;
          }
        }
      }
      decision = decide(runs, plan.alphaPerLook());
      if (plan.untilDecided() && decisive(decision.conclusion())) {
        break;
      }
      if (plan.untilDecided() && look < plan.looks() && !stopping) {
        progress.accept(
            "look " + look + "/" + plan.looks() + ": " + decision.line() + "; running on");
      }
    }
    return new ComparisonResult(
        plan, decision, runs.get(Side.CURRENT), runs.get(Side.BASELINE), stopping);
  }

  /** A SIGINT: returns the line to show. */
  public String interrupt() {
    boolean first = !stopping;
    stopping = true;
    Runner running = active;
    String said = running == null ? "interrupted" : running.interrupt();
    return first ? said + "; no further runs, the comparison so far follows" : said;
  }

  /** A SIGTERM: passed on to the run in progress; no further runs. */
  public String terminate() {
    stopping = true;
    Runner running = active;
    return running == null ? "terminated: no further runs" : running.terminate();
  }

  private AttemptResult once(Side side, int number) throws InterruptedException {
    Runner runner = runners.get(side);
    active = runner;
    try {
      AttemptResult result = runner.attempt(number);
      progress.accept(side.label() + " run " + number + ": " + describe(result));
      if (result.outcome() == Outcome.INTERRUPTED) {
        stopping = true;
      }
      return result;
    } finally {
      active = null;
    }
  }

  private static String describe(AttemptResult result) {
    switch (result.outcome()) {
      case HUNG:
        return "hung (" + result.verdict().orElse("no verdict") + ")";
      case FAILED:
        return "failed with exit status " + result.exitStatus();
      default:
        return result.outcome().label();
    }
  }

  private static Decision decide(Map<Side, List<AttemptResult>> runs, double alpha) {
    return Decider.decide(
        Tally.of(runs.get(Side.CURRENT)), Tally.of(runs.get(Side.BASELINE)), alpha);
  }

  private static boolean decisive(Conclusion conclusion) {
    return conclusion == Conclusion.REGRESSION
        || conclusion == Conclusion.FIXED
        || conclusion == Conclusion.PRE_EXISTING;
  }

  private static Side other(Side side) {
    return side == Side.CURRENT ? Side.BASELINE : Side.CURRENT;
  }
}
