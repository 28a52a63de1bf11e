package dev.hangdoctor.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where compiled targets and extracted scripts live: {@code target/testkit-bin} when the working
 * directory has a {@code target} folder (a Maven module), else {@code hangdoctor-testkit-bin} in
 * {@code java.io.tmpdir}. Entries are keyed by content, so they never go stale, and are published
 * by atomic rename, so concurrent JVMs never see half-written files.
 */
public final class CacheDir {
  private CacheDir() {}

  /** The cache root, created if needed. */
  public static Path root() {
    Path build = Path.of("target");
    Path root =
        Files.isDirectory(build)
            ? build.resolve("testkit-bin")
            : Path.of(System.getProperty("java.io.tmpdir"), "hangdoctor-testkit-bin");
    return createDirectories(root.toAbsolutePath());
  }

  /** The folder for one cache entry, created if needed. */
  public static Path entry(String name) {
    return createDirectories(root().resolve(name));
  }

  /** A temporary sibling of {@code destination} to build the file in before {@link #publish}. */
  public static Path temporarySibling(Path destination, String suffix) {
    try {
      return Files.createTempFile(
          destination.getParent(), destination.getFileName() + ".tmp-", suffix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file next to " + destination, e);
    }
  }

  /** Moves {@code built} onto {@code destination} atomically, replacing any concurrent result. */
  public static void publish(Path built, Path destination) {
    try {
      Files.move(built, destination, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IllegalStateException("cache folder does not support atomic renames", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + built + " as " + destination, e);
    }
  }

  /** Writes {@code content} to {@code destination} unless it is already there. */
  public static Path materialize(Path destination, byte[] content) {
    if (Files.isRegularFile(destination)) {
      return destination;
    }
    Path temporary = temporarySibling(destination, "");
    try {
      Files.write(temporary, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + temporary, e);
    }
    publish(temporary, destination);
    return destination;
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cache folder " + dir, e);
    }
  }
}
