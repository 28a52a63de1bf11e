package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures under {@code src/test/resources/fixtures/}, the interpreters to run them on, and the
 * checks of one window's leading finding.
 */
final class HungFixtures {
  static final String MARKER = "# hangs here";

  private HungFixtures() {}

  /** A fixture file as a path on disk. */
  static Path path(String resource) {
    URL url = HungFixtures.class.getResource("/fixtures/" + resource);
    assertThat(url).as("fixture " + resource + " on the test classpath").isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 1-based line of the fixture's single {@value #MARKER} comment. */
  static int markerLine(Path source) {
    List<String> lines;
    try {
      lines = Files.readAllLines(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Integer> marked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(MARKER)) {
        marked.add(i + 1);
      }
    }
    assertThat(marked).as(MARKER + " lines in " + source).hasSize(1);
    return marked.get(0);
  }

  /** Every CPython 3.11+ GIL build here, for stdlib-only fixtures. */
  static List<PythonInterpreter> stdlibPythons() {
    return Tool.CPYTHON_3_11_PLUS.requireAny(
        Interpreters.cpythons().stream()
            .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
            .toList());
  }

  /**
   * Asserts that the first finding of {@code diagnosis} comes from {@code ruleId} and is about
   * thread {@code tid}, and returns it.
   */
  static Finding assertFirst(Diagnosis diagnosis, String ruleId, int tid) {
    assertThat(diagnosis.findings())
        .as(
            "findings of pid %d; it looked healthy: %s",
            diagnosis.pid(), diagnosis.healthyReasons())
        .isNotEmpty();
    Finding first = diagnosis.findings().get(0);
    assertThat(first.ruleId()).as("the leading finding: %s", first).isEqualTo(ruleId);
    assertThat(first.tid()).as("the thread of the leading finding: %s", first).isEqualTo(tid);
    return first;
  }

  static Diagnosis diagnose(long pid) {
    try {
      return LiveDiagnoser.diagnose(pid);
    } catch (ProcReadException e) {
      throw new AssertionError("cannot diagnose pid " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted diagnosing pid " + pid, e);
    }
  }

  /** Asserts that {@code frame} is the marked line of {@code source}. */
  static void assertMarked(PythonFrame frame, Path source) {
    try {
      assertThat(Path.of(frame.file()).toRealPath()).isEqualTo(source.toRealPath());
    } catch (IOException e) {
      throw new AssertionError("frame file " + frame.file() + " does not exist", e);
    }
    assertThat(frame.line()).as("line of " + frame.qualifiedName()).isEqualTo(markerLine(source));
  }
}
