package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.BoundedCommand;
import dev.hangdoctor.testkit.internal.CacheDir;
import dev.hangdoctor.testkit.internal.TargetResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the testkit's C targets on demand with the machine's gcc, once per source content: the
 * binary is cached under a folder keyed by a hash of the source and the flags, built under a
 * temporary name and renamed into place, so concurrent JVMs can compile the same target safely.
 */
public final class CBinaries {
  private static final List<String> FLAGS = List.of("-O0", "-g", "-pthread", "-Wall");
  private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);

  private CBinaries() {}

  /**
   * The executable built from target source {@code sourceResource} (e.g. {@code "threads.c"}),
   * compiled now unless cached. Its file name is the source's without {@code .c}, so the process
   * name in {@code /proc/PID/comm} is e.g. {@code threads}.
   *
   * @throws AssertionError with gcc's output if compilation fails or takes over 60 s; without gcc
   *     the test is skipped with the reason, or fails under CI ({@link Tool#GCC})
   */
  public static Path compile(String sourceResource) {
    Tool.GCC.require(Tool.onPath("gcc"));
    byte[] source = TargetResources.read(sourceResource);
    String fileName = Path.of(sourceResource).getFileName().toString();
    String stem = fileName.replaceAll("\\.c$", "");
    String key =
        TargetResources.digest(source, String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
    Path binary = CacheDir.entry(stem + "-" + key).resolve(stem);
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path sourceCopy = CacheDir.temporarySibling(binary, ".c");
    Path built = CacheDir.temporarySibling(binary, "");
    try {
      Files.write(sourceCopy, source);
      gcc(sourceResource, sourceCopy, built);
      CacheDir.publish(built, binary);
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + sourceCopy, e);
    } finally {
      deleteQuietly(sourceCopy);
      deleteQuietly(built);
    }
  }

  private static void gcc(String sourceResource, Path source, Path output) {
    List<String> command = new ArrayList<>();
    command.add("gcc");
    command.addAll(FLAGS);
    command.add("-o");
    command.add(output.toString());
    command.add(source.toString());
    BoundedCommand.Result result;
    try {
      result = BoundedCommand.run(command, COMPILE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while compiling " + sourceResource, e);
    }
    if (result.timedOut()) {
      throw new AssertionError(
          "gcc took over "
              + COMPILE_TIMEOUT.toSeconds()
              + " s on "
              + sourceResource
              + ":\n"
              + result.output());
    }
    if (!result.succeeded()) {
      throw new AssertionError(
          "gcc failed (exit "
              + result.exitCode()
              + ") on "
              + sourceResource
              + ":\n"
              + result.output());
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file in the cache is harmless
    }
  }
}
