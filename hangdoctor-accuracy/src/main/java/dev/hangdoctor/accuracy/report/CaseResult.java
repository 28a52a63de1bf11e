package dev.hangdoctor.accuracy.report;

import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.Outcome;
import dev.hangdoctor.accuracy.score.WindowScore;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happened to one case on one runtime: measured (with its windows), skipped (with the reason)
 * or a corpus failure (did not start, exited during the windows, or left processes behind).
 *
 * @param reason why the case was skipped or failed; for a measured case, what went wrong in a first
 *     start that had to be repeated (empty when nothing did)
 * @param readyPid the pid the case announced, 0 when it did not start
 * @param took from starting the case to its tree being gone
 * @param toReady from starting the case to its {@code HANGDOCTOR-READY} line (zero when none)
 */
public record CaseResult(
    CorpusCase corpusCase,
    RuntimeUnderTest runtime,
    Status status,
    String reason,
    long readyPid,
    List<WindowScore> windows,
    Duration took,
    Duration toReady) {

  /** Whether the case was measured. */
  public enum Status {
    MEASURED,
    /** The case says it cannot run on this runtime ({@code skip} in case.json). */
    SKIPPED,
    /** This machine lacks what the case needs (a module it imports). */
    UNAVAILABLE,
    CORPUS_FAILURE
  }

  public CaseResult {
    windows = List.copyOf(windows);
  }

  /** A result without a READY time: skipped, or did not start. */
  public CaseResult(
      CorpusCase corpusCase,
      RuntimeUnderTest runtime,
      Status status,
      String reason,
      long readyPid,
      List<WindowScore> windows,
      Duration took) {
    this(corpusCase, runtime, status, reason, readyPid, windows, took, Duration.ZERO);
  }

  public static CaseResult skipped(CorpusCase c, RuntimeUnderTest runtime, String reason) {
    return new CaseResult(c, runtime, Status.SKIPPED, reason, 0, List.of(), Duration.ZERO);
  }

  public static CaseResult unavailable(CorpusCase c, RuntimeUnderTest runtime, String reason) {
    return new CaseResult(c, runtime, Status.UNAVAILABLE, reason, 0, List.of(), Duration.ZERO);
  }

  /** A measured case whose first start failed and whose second reached its state. */
  public boolean restarted() {
    return status == Status.MEASURED && !reason.isEmpty();
  }

  public long count(Outcome outcome) {
    return windows.stream().filter(w -> w.outcome() == outcome).count();
  }

  public long callNamed() {
    return windows.stream().filter(WindowScore::namesCall).count();
  }

  public long explained() {
    return windows.stream().filter(WindowScore::explains).count();
  }

  /**
   * A measured hang recognised: hits in at least 9 of 10 windows (all of them when fewer than 10
   * were taken).
   */
  public boolean recognised() {
    return status == Status.MEASURED
        && corpusCase.isHang()
        && !windows.isEmpty()
        && count(Outcome.HIT) * 10 >= windows.size() * 9L;
  }

  /** A measured control with no false alarm and no failed window. */
  public boolean clean() {
    return status == Status.MEASURED
        && !corpusCase.isHang()
        && !windows.isEmpty()
        && count(Outcome.FALSE_ALARM) == 0
        && count(Outcome.ERROR) == 0;
  }

  /** Every window a hit. */
  public boolean allHits() {
    return status == Status.MEASURED && !windows.isEmpty() && count(Outcome.HIT) == windows.size();
  }

  /** What led most often in the windows that were not hits ("no hang found", a rule id). */
  public Optional<String> mostSeenInstead() {
    return mostCommon(
        windows.stream().filter(w -> w.outcome() != Outcome.HIT && w.outcome() != Outcome.CLEAN),
        WindowScore::lead);
  }

  /** The most common detail of the windows that were not hits or clean. */
  public Optional<String> mostSeenDetail() {
    return mostCommon(
        windows.stream()
            .filter(w -> w.outcome() != Outcome.HIT && w.outcome() != Outcome.CLEAN)
            .filter(w -> !w.detail().isEmpty()),
        WindowScore::detail);
  }

  private static Optional<String> mostCommon(
      java.util.stream.Stream<WindowScore> scores, Function<WindowScore, String> key) {
    Map<String, Long> counts = scores.collect(Collectors.groupingBy(key, Collectors.counting()));
    return counts.entrySet().stream()
        .max(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey);
  }
}
