package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.TargetSpec;
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
import java.util.stream.Stream;

/** The signature fixtures under {@code /fixtures/<rule-id>/} and how the live tests use them. */
final class LiveFixtures {
  /**
   * How long a fixture may take to announce its state after the test acted (a second handshake such
   * as {@code STUCK}); the fixtures give up after 60 s themselves.
   */
  static final Duration HANDSHAKE = Duration.ofSeconds(90);

  private LiveFixtures() {}

  /** Every CPython 3.11+ (GIL build) on the machine. */
  static Stream<PythonInterpreter> pythons() {
    return Tool.CPYTHON_3_11_PLUS
        .requireAny(
            Interpreters.cpythons().stream()
                .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
                .toList())
        .stream();
  }

  /** A fixture script as a file. */
  static Path script(String ruleId, String file) {
    URL url = LiveFixtures.class.getResource("/fixtures/" + ruleId + "/" + file);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + ruleId + "/" + file);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TargetSpec python(PythonInterpreter python, String ruleId, String file, String... args) {
    List<String> command = new ArrayList<>();
    command.add(python.path().toString());
    command.add(script(ruleId, file).toString());
    command.addAll(List.of(args));
    return TargetSpec.command(command);
  }

  /** The 1-based line of {@code script} marked {@code # hangs here}: the oracle for frames. */
  static int hangsHere(Path script) {
    try {
      List<String> lines = Files.readAllLines(script);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("# hangs here")) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException(script + " has no '# hangs here' marker");
  }

  /**
   * Diagnoses {@code pid} in every one of the independent windows ({@link Verdicts#everyWindow})
   * after the target's handshake, each of which must satisfy {@code holds}; returns the last.
   */
  static Diagnosis inEveryWindow(long pid, String what, Predicate<Diagnosis> holds) {
    List<Diagnosis> windows =
        Verdicts.everyWindow(what, pid, d -> assertThat(holds.test(d)).as(what).isTrue());
    return windows.get(windows.size() - 1);
  }

  /** The first finding of rule {@code ruleId} in this process's own verdict. */
  static Optional<Finding> finding(Diagnosis diagnosis, String ruleId) {
    return diagnosis.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }
}
