package dev.hangdoctor.accuracy.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short helper command to completion within a time limit, stdout and stderr apart. */
public final class Commands {
  private Commands() {}

  /** How a helper command ended; {@code exitCode} is -1 when it was killed at the limit. */
  public record Result(int exitCode, boolean timedOut, String out, String err) {
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }

  /**
   * Runs {@code command} with extra {@code env}, stdin from {@code /dev/null}, for at most {@code
   * limit}; a command still running then is killed with its descendants.
   *
   * @throws IOException if it cannot be started
   */
  public static Result run(List<String> command, Map<String, String> env, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("hangdoctor-accuracy-", ".out");
    Path err = Files.createTempFile("hangdoctor-accuracy-", ".err");
    Process process = null;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      process = builder.start();
      boolean finished = process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
      if (!finished) {
        kill(process);
      }
      return new Result(
          finished ? process.exitValue() : -1,
          !finished,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      if (process != null && process.isAlive()) {
        kill(process);
      }
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
