package dev.hangdoctor.diagnosis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Reads what {@link ServerWorkers} needs from {@code /proc}: a heartbeat file's modification time
 * through the worker's descriptor (gunicorn sets it from {@code time.monotonic()}, the clock of
 * {@link System#nanoTime()} on Linux), a config file from the process's working directory, and one
 * variable of its environment. Anything unreadable is empty.
 */
final class ServerFilesReader implements ServerWorkers.Files {
  private static final long MAX_CONFIG_BYTES = 1 << 20;
  private final Path proc;

  ServerFilesReader(Path proc) {
    this.proc = proc;
  }

  @Override
  public OptionalDouble secondsSinceModified(int pid, int fd) {
    try {
      long modified =
          Files.getLastModifiedTime(proc.resolve(pid + "/fd/" + fd)).to(TimeUnit.MICROSECONDS);
      double age = (TimeUnit.NANOSECONDS.toMicros(System.nanoTime()) - modified) / 1e6;
      return age >= 0 && age < 1e7 ? OptionalDouble.of(age) : OptionalDouble.empty();
    } catch (IOException | SecurityException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public Optional<String> read(int pid, String path) {
    Path file =
        path.startsWith("/")
            ? proc.resolve(pid + "/root" + path)
            : proc.resolve(pid + "/cwd/" + path);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_CONFIG_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> environment(int pid, String name) {
    try {
      byte[] bytes = Files.readAllBytes(proc.resolve(pid + "/environ"));
      for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
        if (entry.startsWith(name + "=")) {
          return Optional.of(entry.substring(name.length() + 1));
        }
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
