package dev.hangdoctor.runner;

import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.AtomicFile;
import dev.hangdoctor.diagnosis.report.WriteFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a command hang-proof: each attempt under its deadlines, a hang diagnosed before the tree is
 * killed, re-run after a hang up to {@code --retries} times, or run {@code --repeat} times for a
 * flake table. {@link #interrupt()} and {@link #terminate()} are for the caller's signal handlers
 * and may be called from any thread.
 */
public final class Runner {
  private final RunOptions options;
  private final TreeDiagnoser diagnoser;
  private final ChildIo io;
  private final RunEvents events;
  private final Ticker ticker;
  private final OutputStyle shownStyle;
  private final Interrupts interrupts = new Interrupts();

  public Runner(
      RunOptions options, TreeDiagnoser diagnoser, ChildIo io, RunEvents events, Ticker ticker) {
    this(options, diagnoser, io, events, ticker, OutputStyle.PLAIN);
  }

  /**
   * @param shownStyle how a diagnosis shown through {@link RunEvents#diagnosis} is laid out; its
   *     redactor is also the one of the report files and of the command line they quote
   */
  public Runner(
      RunOptions options,
      TreeDiagnoser diagnoser,
      ChildIo io,
      RunEvents events,
      Ticker ticker,
      OutputStyle shownStyle) {
    this.shownStyle = Objects.requireNonNull(shownStyle, "shownStyle");
    this.options = Objects.requireNonNull(options, "options");
    this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
    this.io = Objects.requireNonNull(io, "io");
    this.events = Objects.requireNonNull(events, "events");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** Runs every attempt this run calls for and returns them with the final exit status. */
  public RunResult run() throws InterruptedException {
    List<AttemptResult> attempts = new ArrayList<>();
    int max = options.maxAttempts();
    for (int number = 1; number <= max; number++) {
      AttemptResult attempt =
          new Attempt(options, diagnoser, io, events, ticker, interrupts, number, shownStyle).run();
      attempts.add(attempt);
      if (max > 1 || attempt.outcome() == Outcome.HUNG) {
        events.status(line(attempt, max));
      }
      if (attempt.outcome() == Outcome.NOT_STARTED || interrupts.any()) {
        break;
      }
      if (!options.repeating() && attempt.outcome() != Outcome.HUNG) {
        break;
      }
    }
    if (options.repeating() && options.reportDir().isPresent()) {
      writeFlakeTable(options.reportDir().get().resolve("flake-table.txt"), attempts);
    }
    return RunResult.of(attempts, options.repeating());
  }

  /**
   * Runs attempt {@code number} of this run alone (its report in {@code DIR/attempt-N}, its lines
   * numbered "N/--repeat"), for a caller that interleaves several runs, as {@code compare} does.
   */
  public AttemptResult attempt(int number) throws InterruptedException {
    AttemptResult attempt =
        new Attempt(options, diagnoser, io, events, ticker, interrupts, number, shownStyle).run();
    if (attempt.outcome() == Outcome.HUNG) {
      events.status(line(attempt, options.maxAttempts()));
    }
    return attempt;
  }

  private void writeFlakeTable(Path file, List<AttemptResult> attempts) {
    try {
      AtomicFile.write(file, String.join("\n", FlakeTable.render(attempts)) + "\n");
    } catch (IOException e) {
      events.status("could not write " + file + ": " + WriteFailure.describe(e));
    }
  }

  /** A SIGINT arrived: see {@link Interrupts}. Returns the status line to show. */
  public String interrupt() {
    return interrupts.interrupt();
  }

  /** A SIGTERM arrived: passed on to the command; no further attempts after this one. */
  public String terminate() {
    return interrupts.terminate();
  }

  /** "attempt 2/2: hung after 30.0 s (verdict: …)". */
  static String line(AttemptResult attempt, int max) {
    String head = "attempt " + attempt.number() + "/" + max + ": ";
    String took = Durations.seconds(attempt.duration());
    switch (attempt.outcome()) {
      case PASSED:
        return head + "passed in " + took;
      case FAILED:
        return head + "failed with exit status " + attempt.exitStatus() + " after " + took;
      case HUNG:
        AttemptResult.Hang hang = attempt.hang().orElseThrow();
        return head
            + "hung after "
            + Durations.seconds(hang.after())
            + (hang.kind() == HangKind.QUIET ? ", silent too long" : "")
            + " (verdict: "
            + hang.verdict()
            + ")";
      case NOT_STARTED:
        return head + "not started (exit status " + attempt.exitStatus() + ")";
      default:
        return head + "interrupted after " + took;
    }
  }
}
