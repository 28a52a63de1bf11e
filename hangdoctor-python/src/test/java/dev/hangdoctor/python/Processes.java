package dev.hangdoctor.python;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with its output (stdout and stderr together) in a file, waits for it within a
 * bound, and kills it and everything below it when it is still running then, or when the test ends.
 * The bound is a guard against a hung test, not a time budget: it is generous.
 */
final class Processes {
  private Processes() {}

  /** How a command ended: its status and everything it printed. */
  record Finished(int status, String output) {}

  /** A running command whose output goes to {@code log}. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<String> command;

    private Running(Process process, Path log, List<String> command) {
      this.process = process;
      this.log = log;
      this.command = command;
    }

    long pid() {
      return process.pid();
    }

    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the output holds {@code line} (the target's readiness handshake). */
    void awaitLine(String line, Duration limit) throws Exception {
      long end = System.nanoTime() + limit.toNanos();
      while (!output().lines().anyMatch(line::equals)) {
        if (!process.isAlive()) {
          throw new AssertionError(
              command
                  + " ended ("
                  + process.exitValue()
                  + ") before printing "
                  + line
                  + ":\n"
                  + output());
        }
        if (System.nanoTime() > end) {
          throw new AssertionError(
              command + " did not print " + line + " within " + limit + ":\n" + output());
        }
        Thread.sleep(50);
      }
    }

    /**
     * Waits for the end, failing (after killing it) when it is still running after {@code limit}.
     */
    Finished await(Duration limit) throws Exception {
      if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        close();
        throw new AssertionError(
            command + " was still running after " + limit + ", killed:\n" + output());
      }
      return new Finished(process.exitValue(), output());
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Map<String, String> noEnv() {
    return Map.of();
  }

  static Running start(List<String> command, Path dir, Map<String, String> env) throws IOException {
    Path log = Files.createTempFile("hangdoctor-python-", ".log");
    log.toFile().deleteOnExit();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    return new Running(builder.start(), log, command);
  }

  static Finished run(List<String> command, Path dir, Map<String, String> env, Duration limit)
      throws Exception {
    try (Running running = start(command, dir, env)) {
      return running.await(limit);
    }
  }
}
