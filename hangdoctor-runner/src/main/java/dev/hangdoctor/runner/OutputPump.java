package dev.hangdoctor.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies one of the command's output pipes to hangdoctor's stream as the bytes arrive (no line
 * buffering, no decoding, so the output is byte-identical) and records when the last bytes came.
 * Runs on a daemon thread: a daemon that inherited the pipe may keep it open after the command
 * exits, and must not keep hangdoctor alive.
 */
final class OutputPump {
  private final InputStream from;
  private final OutputStream to;
  private final Ticker ticker;
  private final AtomicLong lastOutputNanos;
  private final Thread thread;

  private OutputPump(
      InputStream from, OutputStream to, Ticker ticker, AtomicLong lastOutputNanos, String name) {
    this.from = from;
    this.to = to;
    this.ticker = ticker;
    this.lastOutputNanos = lastOutputNanos;
    this.thread = new Thread(this::copy, name);
    thread.setDaemon(true);
  }

  static OutputPump start(
      InputStream from, OutputStream to, Ticker ticker, AtomicLong lastOutputNanos, String name) {
    OutputPump pump = new OutputPump(from, to, ticker, lastOutputNanos, name);
    pump.thread.start();
    return pump;
  }

  /** Waits at most {@code limit} for the pipe to reach its end. */
  void awaitEnd(Duration limit) throws InterruptedException {
    thread.join(Math.max(1, limit.toMillis()));
  }

  private void copy() {
    byte[] buffer = new byte[8192];
    boolean sinkOpen = true;
    try (from) {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        lastOutputNanos.set(ticker.nanos());
        if (sinkOpen) {
          try {
            to.write(buffer, 0, n);
            to.flush();
          } catch (IOException e) {
            sinkOpen = false; // keep draining so the command never blocks on a full pipe
          }
        }
      }
    } catch (IOException e) {
      // the pipe was closed under us: the command's side is gone
    }
  }
}
