package dev.hangdoctor.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a directory option ({@code run --report}, {@code watch --out}) before any work starts, so
 * a run of an hour does not end with evidence that cannot be written: the directory, or the nearest
 * part of its path that exists, must be a directory.
 */
final class OutputDir {
  private OutputDir() {}

  static void check(String option, Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new HangdoctorException(
          ExitCode.USAGE,
          option
              + " "
              + dir
              + ": "
              + (existing.equals(absolute) ? "exists and" : existing)
              + " is not a directory");
    }
  }
}
