package dev.hangdoctor.runner.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one git command in a directory and returns its output. Never writes the user's index: every
 * command runs with {@code GIT_OPTIONAL_LOCKS=0}, so even a read that could refresh the index's
 * stat cache leaves it alone. Each command is bounded ({@link #BOUND_SECONDS}).
 */
final class Git {
  /** A checkout of a big repository on a loaded machine can take a while; nothing takes longer. */
  static final long BOUND_SECONDS = 600;

  private final Path dir;

  Git(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Runs {@code git ARGS} and returns its stdout; a non-zero exit is a {@link GitException}. */
  String run(String... args) throws GitException, InterruptedException {
    Result result = call(args);
    if (result.status != 0) {
      String why = result.err.strip();
      int newline = why.indexOf('\n');
      throw new GitException(
          "git "
              + String.join(" ", args)
              + " failed"
              + (why.isEmpty() ? "" : ": " + (newline < 0 ? why : why.substring(0, newline))),
          false);
    }
    return result.out;
  }

  /** True when {@code git ARGS} exits 0 (for questions such as "is A an ancestor of B"). */
  boolean succeeds(String... args) throws GitException, InterruptedException {
    return call(args).status == 0;
  }

  /** The NUL-separated entries of {@code git ARGS} (for {@code -z} output). */
  List<String> entries(String... args) throws GitException, InterruptedException {
    List<String> entries = new ArrayList<>();
    for (String entry : run(args).split("\0")) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private Result call(String... args) throws GitException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("LC_ALL", "C");
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitException("git is needed and could not be started: " + e.getMessage(), true);
    }
    try {
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
        throw new GitException(
            "git " + String.join(" ", args) + " took more than " + BOUND_SECONDS + " s", false);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Result(int status, String out, String err) {}
}
