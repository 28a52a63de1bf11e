package dev.hangdoctor.diagnosis.signatures;

import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Python fixture under {@code src/test/resources/fixtures/}, and the oracle for its key frame:
 * the line carrying a marker comment such as {@code # hangs here}, read from the source itself.
 */
record FixtureScript(Path path) {

  static FixtureScript of(String resource) {
    var url = FixtureScript.class.getResource("/fixtures/" + resource);
    if (url == null) {
      throw new AssertionError("no fixture /fixtures/" + resource);
    }
    try {
      return new FixtureScript(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new AssertionError("fixture " + resource + " is not a file", e);
    }
  }

  /** The 1-based number of the only line that contains {@code marker}. */
  int lineOf(String marker) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        if (found > 0) {
          throw new AssertionError(path + " has '" + marker + "' more than once");
        }
        found = i + 1;
      }
    }
    if (found < 0) {
      throw new AssertionError(path + " has no '" + marker + "'");
    }
    return found;
  }

  /** This script run by {@code python}. */
  TargetSpec runBy(Path python) {
    return TargetSpec.command(List.of(python.toString(), path.toString()));
  }
}
