package dev.hangdoctor.cpython;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short command (gcc, py-spy, pyenv) to completion within a time limit, capturing stdout and
 * stderr apart. The process is killed in every case before {@link #run} returns.
 */
public final class BoundedCommand {
  private BoundedCommand() {}

  /** How the command ended; {@code exitCode} is -1 when it timed out. */
  public record Result(
      List<String> command, int exitCode, boolean timedOut, String out, String err) {
    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** The whole story, for an assertion message. */
    String describe() {
      return String.join(" ", command)
          + (timedOut ? " timed out" : " exited with " + exitCode)
          + "\n--- stdout ---\n"
          + out
          + "\n--- stderr ---\n"
          + err;
    }
  }

  public static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      return new Result(
          List.copyOf(command),
          exited ? process.exitValue() : -1,
          !exited,
          collected(out),
          collected(err));
    } finally {
      process.destroyForcibly();
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static String collected(CompletableFuture<String> text) throws InterruptedException {
    try {
      return text.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
