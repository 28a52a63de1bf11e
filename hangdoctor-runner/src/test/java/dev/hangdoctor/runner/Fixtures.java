package dev.hangdoctor.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Fixture folders under {@code src/test/resources/fixtures}, copied so tests can write in them. */
final class Fixtures {
  private Fixtures() {}

  static Path copy(String name, Path into) throws IOException {
    Path source;
    try {
      source = Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Path target = into.resolve(name);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  /** The 1-based line of {@code file} that carries {@code marker}; exactly one must. */
  static int lineOf(Path file, String marker) {
    try {
      List<String> lines = Files.readAllLines(file);
      int found = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          if (found != -1) {
            throw new AssertionError(file + " carries '" + marker + "' twice");
          }
          found = i + 1;
        }
      }
      if (found == -1) {
        throw new AssertionError(file + " carries no '" + marker + "'");
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
