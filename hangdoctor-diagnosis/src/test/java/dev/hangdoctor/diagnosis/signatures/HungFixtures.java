package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fixtures under {@code src/test/resources/fixtures/}, the interpreters to run them on, and the
 * bounded wait for a target's hang to be diagnosed.
 */
final class HungFixtures {
  /** How long a fixture may take to settle into its hang after READY. */
  static final Duration SETTLE = Duration.ofSeconds(20);

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
   * Diagnoses {@code pid} until a finding of {@code ruleId} about thread {@code tid} is the first
   * one, and returns that diagnosis.
   */
  static Diagnosis awaitFirstFinding(long pid, String ruleId, int tid) {
    return awaitFirstFinding(pid, ruleId, tid, finding -> true);
  }

  /**
   * Like {@link #awaitFirstFinding(long, String, int)}, until that finding also satisfies {@code
   * settled} (for evidence that takes a moment to appear, such as every starved thread).
   */
  static Diagnosis awaitFirstFinding(long pid, String ruleId, int tid, Predicate<Finding> settled) {
    return Await.value(
        ruleId + " first for tid " + tid + " of pid " + pid,
        SETTLE,
        () -> {
          Diagnosis diagnosis = diagnose(pid);
          List<Finding> findings = diagnosis.findings();
          boolean first =
              !findings.isEmpty()
                  && findings.get(0).ruleId().equals(ruleId)
                  && findings.get(0).tid() == tid
                  && settled.test(findings.get(0));
          return first ? Optional.of(diagnosis) : Optional.empty();
        });
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
