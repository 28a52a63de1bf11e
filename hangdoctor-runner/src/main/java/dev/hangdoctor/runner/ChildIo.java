package dev.hangdoctor.runner;

import java.io.OutputStream;
import java.util.Objects;

/**
 * Where the command's stdout and stderr go. Normally the command inherits hangdoctor's own (a
 * terminal stays a terminal, output is untouched); only {@code --quiet-timeout}, which must see
 * output to time silence, makes the runner copy them through pipes to {@code out} and {@code err}
 * unchanged. Its stdin is always inherited.
 */
public final class ChildIo {
  private final OutputStream out;
  private final OutputStream err;
  private final boolean alwaysPipe;

  private ChildIo(OutputStream out, OutputStream err, boolean alwaysPipe) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.alwaysPipe = alwaysPipe;
  }

  /** Inherit hangdoctor's stdout/stderr; when output must be watched, copy it to these. */
  public static ChildIo inherit(OutputStream ownOut, OutputStream ownErr) {
    return new ChildIo(ownOut, ownErr, false);
  }

  /** Always copy the command's output to {@code out}/{@code err} (for callers that capture it). */
  public static ChildIo capture(OutputStream out, OutputStream err) {
    return new ChildIo(out, err, true);
  }

  OutputStream out() {
    return out;
  }

  OutputStream err() {
    return err;
  }

  boolean pipes(boolean outputWatched) {
    return alwaysPipe || outputWatched;
  }
}
