package dev.hangdoctor.runner;

import java.io.File;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.Objects;

/**
 * Where the command's stdin, stdout and stderr come from and go. Normally the command inherits
 * hangdoctor's own (a terminal stays a terminal, output is untouched); only {@code
 * --quiet-timeout}, which must see output to time silence, makes the runner copy stdout and stderr
 * through pipes to {@code out} and {@code err} unchanged. A standard stream the user closed ({@code
 * <&-}, {@code >&-}) is given to the command as {@code /dev/null}: the JVM has put one of its own
 * files under that number, which the command must never get.
 */
public final class ChildIo {
  private static final File DEV_NULL = new File("/dev/null");

  private final OutputStream out;
  private final OutputStream err;
  private final boolean alwaysPipe;
  private final StdioReader.Stdio own;

  private ChildIo(OutputStream out, OutputStream err, boolean alwaysPipe, StdioReader.Stdio own) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.alwaysPipe = alwaysPipe;
    this.own = own;
  }

  /** Inherit hangdoctor's stdin/stdout/stderr; when output must be watched, copy it to these. */
  public static ChildIo inherit(OutputStream ownOut, OutputStream ownErr) {
    StdioReader.Stdio own = StdioReader.read();
    return new ChildIo(
        own.out() ? ownOut : OutputStream.nullOutputStream(),
        own.err() ? ownErr : OutputStream.nullOutputStream(),
        false,
        own);
  }

  /** Always copy the command's output to {@code out}/{@code err} (for callers that capture it). */
  public static ChildIo capture(OutputStream out, OutputStream err) {
    return new ChildIo(out, err, true, StdioReader.read());
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

  Redirect stdin() {
    return own.in() ? Redirect.INHERIT : Redirect.from(DEV_NULL);
  }

  Redirect stdout() {
    return own.out() ? Redirect.INHERIT : Redirect.to(DEV_NULL);
  }

  Redirect stderr() {
    return own.err() ? Redirect.INHERIT : Redirect.to(DEV_NULL);
  }
}
