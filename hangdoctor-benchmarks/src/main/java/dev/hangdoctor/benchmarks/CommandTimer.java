package dev.hangdoctor.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and returns its wall time, from {@code fork} to reaped exit, with
 * stdout discarded and stderr kept for the error message. Every run is bounded.
 */
final class CommandTimer {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path workDir;
  private final Path stderrFile;

  CommandTimer(Path workDir) throws IOException {
    this.workDir = workDir;
    this.stderrFile = Files.createTempFile("hangdoctor-bench-stderr", ".txt");
    stderrFile.toFile().deleteOnExit();
  }

  /**
   * Wall milliseconds of one run of {@code command} with {@code env} added to this environment.
   *
   * @throws BenchmarkException if it exits non-zero or runs over two minutes
   */
  double time(List<String> command, Map<String, String> env)
      throws BenchmarkException, InterruptedException {
    return time(command, env, Set.of(0));
  }

  /** As {@link #time(List, Map)}, any of {@code exitCodes} counting as success. */
  double time(List<String> command, Map<String, String> env, Set<Integer> exitCodes)
      throws BenchmarkException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderrFile.toFile());
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BenchmarkException("cannot run " + String.join(" ", command), e);
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new BenchmarkException(
            String.join(" ", command) + " ran over " + TIMEOUT_SECONDS + " s; killed");
      }
    } finally {
      process.destroyForcibly();
    }
    double millis = (System.nanoTime() - start) / 1e6;
    if (!exitCodes.contains(process.exitValue())) {
      throw new BenchmarkException(
          String.join(" ", command)
              + " "
              + env
              + " exited with "
              + process.exitValue()
              + ":\n"
              + stderr());
    }
    return millis;
  }

  private String stderr() {
    try {
      return Files.readString(stderrFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }
}
