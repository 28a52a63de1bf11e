package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.SamplingProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line on stderr for work that takes more than {@link #AFTER}: shown only when stderr is
 * a terminal, rewritten in place as the sampling window advances, and erased when the work is done
 * ({@link #close()}), so nothing of it stays in the scrollback or in a log.
 */
final class ProgressLine implements SamplingProgress, AutoCloseable {
  /** Work shorter than this shows no progress. */
  static final Duration AFTER = Duration.ofSeconds(2);

  private static final long REDRAW_MILLIS = 250;
  private static final String CLEAR_LINE = "\r\u001b[K";

  private final PrintWriter err;
  private final String what;
  private final Duration after;
  private final long start = System.nanoTime();
  private final Thread ticker;
  private String status = "";
  private boolean shown;
  private boolean closed;

  ProgressLine(PrintWriter err, String what, boolean enabled, Duration after) {
    this.err = err;
    this.what = what;
    this.after = after;
    this.ticker = enabled ? new Thread(this::tick, "hangdoctor-progress") : null;
    if (ticker != null) {
      ticker.setDaemon(true);
      ticker.start();
    }
  }

  /** A progress line about {@code what} ("diagnosing PID 42"), live only on a terminal. */
  static ProgressLine start(PrintWriter err, Terminal terminal, String what) {
    return new ProgressLine(err, what, terminal.stderrIsTty(), AFTER);
  }

  @Override
  public synchronized void sampled(int round, int rounds, int processes) {
    status =
        String.format(
            Locale.ROOT,
            "sample %d of %d%s",
            round,
            rounds,
            processes > 1 ? " of " + processes + " processes" : "");
  }

  private void tick() {
    try {
      while (true) {
        Thread.sleep(REDRAW_MILLIS);
        draw();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private synchronized void draw() {
    long elapsed = System.nanoTime() - start;
    if (closed || elapsed < after.toNanos()) {
      return;
    }
    err.print(
        String.format(
            Locale.ROOT,
            "%shangdoctor: %s%s (%.0f s)",
            CLEAR_LINE,
            what,
            status.isEmpty() ? "" : ": " + status,
            elapsed / 1e9));
    err.flush();
    shown = true;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (shown) {
        err.print(CLEAR_LINE);
        err.flush();
      }
    }
    if (ticker != null) {
      ticker.interrupt();
    }
  }
}
