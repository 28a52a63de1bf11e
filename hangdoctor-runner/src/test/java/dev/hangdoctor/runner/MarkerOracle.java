package dev.hangdoctor.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' own scan for processes carrying a run's marker, written apart from {@link TreeMarker}
 * so that a bug there cannot hide a survivor. Zombies have no environment and do not count.
 */
final class MarkerOracle {
  private MarkerOracle() {}

  static List<Long> carriers(String markerId) throws IOException {
    String wanted = TreeMarker.VARIABLE + "=" + markerId;
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          String environ =
              new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8);
          if (List.of(environ.split("\0")).contains(wanted)) {
            found.add(Long.parseLong(dir.getFileName().toString()));
          }
        } catch (IOException e) {
          // exited, or not ours
        }
      }
    }
    return found;
  }
}
