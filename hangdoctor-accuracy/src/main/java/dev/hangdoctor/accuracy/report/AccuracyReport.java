package dev.hangdoctor.accuracy.report;

import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of one accuracy run: what was measured and how, how many windows per case, on which
 * runtimes, and every case's result on each of them.
 *
 * @param measured the build measured and how its windows were taken
 * @param notes runtimes found but not used, and why
 * @param invalidCases case folders that could not be read (corpus failures)
 */
public record AccuracyReport(
    String measured,
    int windows,
    int parallel,
    List<RuntimeUnderTest> runtimes,
    List<String> notes,
    List<CaseResult> results,
    List<String> invalidCases,
    Instant started,
    Duration elapsed) {

  public AccuracyReport {
    runtimes = List.copyOf(runtimes);
    notes = List.copyOf(notes);
    results = List.copyOf(results);
    invalidCases = List.copyOf(invalidCases);
  }

  /** The measured results of hang programs. */
  public List<CaseResult> hangs() {
    return results.stream()
        .filter(r -> r.status() == CaseResult.Status.MEASURED && r.corpusCase().isHang())
        .toList();
  }

  /** The measured results of controls. */
  public List<CaseResult> controls() {
    return results.stream()
        .filter(r -> r.status() == CaseResult.Status.MEASURED && !r.corpusCase().isHang())
        .toList();
  }

  /** Cases not run on a runtime: declared skips and what this machine lacks. */
  public List<CaseResult> skipped() {
    return results.stream()
        .filter(
            r ->
                r.status() == CaseResult.Status.SKIPPED
                    || r.status() == CaseResult.Status.UNAVAILABLE)
        .toList();
  }

  /** Measured cases that reached their state only at a second start. */
  public List<CaseResult> restarted() {
    return results.stream().filter(CaseResult::restarted).toList();
  }

  /** Cases that did not start, exited during the windows or left processes behind. */
  public List<CaseResult> corpusFailures() {
    return results.stream().filter(r -> r.status() == CaseResult.Status.CORPUS_FAILURE).toList();
  }

  /** True when a program did not start (or misbehaved) or a case folder could not be read. */
  public boolean hasCorpusFailures() {
    return !corpusFailures().isEmpty() || !invalidCases.isEmpty();
  }
}
