package dev.hangdoctor.runner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells "not found" (exit 127) from "found but not executable" (exit 126) before starting the
 * command, the way a shell searches {@code PATH}: a name with a slash is taken as a path, any other
 * name is looked up in each {@code PATH} directory in turn.
 */
final class CommandLookup {
  enum Problem {
    NOT_FOUND,
    NOT_EXECUTABLE
  }

  private CommandLookup() {}

  /** The reason {@code program} cannot be started, or empty when it can be tried. */
  static Optional<Problem> problem(String program, String pathVariable) {
    return problem(program, program, pathVariable);
  }

  /**
   * As {@link #problem(String, String)} for a command run in another directory: {@code resolved} is
   * {@code program} resolved against it, used when the name has a slash.
   */
  static Optional<Problem> problem(String resolved, String program, String pathVariable) {
    try {
      if (program.contains("/")) {
        return problemWith(Path.of(resolved));
      }
      boolean sawNonExecutable = false;
      for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
        Optional<Problem> problem = problemWith(candidate);
        if (problem.isEmpty()) {
          return problem;
        }
        sawNonExecutable |= problem.get() == Problem.NOT_EXECUTABLE;
      }
      return Optional.of(sawNonExecutable ? Problem.NOT_EXECUTABLE : Problem.NOT_FOUND);
    } catch (InvalidPathException e) {
      return Optional.of(Problem.NOT_FOUND);
    }
  }

  private static Optional<Problem> problemWith(Path file) {
    if (!Files.exists(file)) {
      return Optional.of(Problem.NOT_FOUND);
    }
    if (Files.isDirectory(file) || !Files.isExecutable(file)) {
      return Optional.of(Problem.NOT_EXECUTABLE);
    }
    return Optional.empty();
  }
}
