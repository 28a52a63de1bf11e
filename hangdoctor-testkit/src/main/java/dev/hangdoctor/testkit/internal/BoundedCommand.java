package dev.hangdoctor.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (a compiler, an interpreter probe) to completion within a time limit,
 * capturing stdout and stderr together; on timeout the command and its descendants are killed.
 */
public final class BoundedCommand {
  private BoundedCommand() {}

  /** How a helper command ended. */
  public record Result(int exitCode, boolean timedOut, String output) {
    /** True when the command finished in time with exit code 0. */
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }

  /**
   * Runs {@code command} with at most {@code timeout} to finish.
   *
   * @throws UncheckedIOException if the command cannot be started
   * @throws InterruptedException if interrupted while waiting; the command is killed first
   */
  public static Result run(List<String> command, Duration timeout) throws InterruptedException {
    Path log = null;
    Process process = null;
    try {
      log = Files.createTempFile("hangdoctor-testkit-", ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!finished) {
        killTree(process);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(finished ? process.exitValue() : -1, !finished, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } finally {
      if (process != null && process.isAlive()) {
        killTree(process);
      }
      deleteQuietly(log);
    }
  }

  private static void killTree(Process process) {
    ProcessHandle root = process.toHandle();
    ProcessKiller.kill(() -> Procs.tree(root));
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }
}
