package dev.hangdoctor.accuracy;

import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.report.CaseResult;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.Outcome;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of a run on stderr: on a terminal one line rewritten in place (what runs now, how
 * many are done); otherwise one line per finished program, for a log.
 */
final class ProgressLine implements Progress {
  private final PrintWriter err;
  private final boolean terminal = System.console() != null && System.getenv("TERM") != null;
  private final Map<String, String> running = new LinkedHashMap<>();
  private final long started = System.nanoTime();
  private int done;
  private int total;

  ProgressLine(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void starting(CorpusCase corpusCase, RuntimeUnderTest runtime) {
    running.put(key(corpusCase, runtime), "starting");
    redraw();
  }

  @Override
  public synchronized void window(
      CorpusCase corpusCase, RuntimeUnderTest runtime, int number, int windows) {
    running.put(key(corpusCase, runtime), "window " + number + "/" + windows);
    redraw();
  }

  @Override
  public synchronized void finished(CaseResult result, int done, int total) {
    this.done = done;
    this.total = total;
    running.remove(key(result.corpusCase(), result.runtime()));
    if (!terminal) {
      err.println(
          String.format(
              Locale.ROOT,
              "accuracy: [%d/%d] %s on %s: %s",
              done,
              total,
              result.corpusCase().id(),
              result.runtime().label(),
              outcome(result)));
      return;
    }
    redraw();
    if (done == total) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  private void redraw() {
    if (!terminal) {
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "accuracy: %d/%d done, %ds", done, total, elapsed()));
    running.forEach((k, v) -> line.append(" · ").append(k).append(' ').append(v));
    String text = line.toString();
    int width = 160;
    try {
      width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "160"));
    } catch (NumberFormatException e) {
      // keep the default
    }
    if (text.length() > width - 1) {
      text = text.substring(0, Math.max(0, width - 2)) + "…";
    }
    err.print("\r\033[K" + text);
    err.flush();
  }

  private long elapsed() {
    return (System.nanoTime() - started) / 1_000_000_000L;
  }

  private static String key(CorpusCase c, RuntimeUnderTest runtime) {
    return c.id() + " (" + runtime.label() + ")";
  }

  private static String outcome(CaseResult r) {
    return switch (r.status()) {
          case SKIPPED, UNAVAILABLE -> "skipped: " + r.reason();
          case CORPUS_FAILURE -> "corpus failure: " + r.reason();
          case MEASURED ->
              r.corpusCase().isHang()
                  ? r.count(Outcome.HIT)
                      + "/"
                      + r.windows().size()
                      + " hits"
                      + (r.recognised() ? " (recognised)" : "")
                  : r.count(Outcome.FALSE_ALARM) + "/" + r.windows().size() + " false alarms";
        }
        + (r.restarted() ? " (at a second start)" : "");
  }
}
