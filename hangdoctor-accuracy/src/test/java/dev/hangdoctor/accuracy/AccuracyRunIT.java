package dev.hangdoctor.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.accuracy.report.AccuracyReport;
import dev.hangdoctor.accuracy.report.CaseResult;
import dev.hangdoctor.accuracy.report.ReportText;
import dev.hangdoctor.accuracy.score.Outcome;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end on a small corpus of its own, with the packaged jar: a hang measured window
 * by window, a clean control, a case that never starts (a corpus failure, after two starts), a
 * control whose first start fails (measured at its second, the failure kept), a case whose module
 * is missing (listed, not run), and a case whose daemon left the tree (killed by its marker).
 */
class AccuracyRunIT {
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Path ROOT = Path.of(System.getProperty("hangdoctor.root"));

  @Test
  void measuresEveryCaseAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
    Path corpus = miniCorpus(dir);
    PythonInterpreter python =
        Interpreters.cpythons().stream()
            .filter(p -> p.atLeast(3, 11) && !p.freeThreaded())
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no CPython 3.11+ here"));
    Settings settings =
        new Settings(
            corpus,
            JAR,
            2,
            2,
            List.of(),
            List.of(python.path()),
            List.of(),
            Settings.READY_LIMIT,
            Settings.WINDOW_LIMIT,
            false);

    AccuracyReport report = new AccuracyRun(settings, Progress.NONE).run();
    System.out.println(ReportText.render(report));

    assertThat(report.runtimes()).hasSize(1);
    CaseResult fetch = result(report, "silent-fetch");
    assertThat(fetch.status()).as(fetch.reason()).isEqualTo(CaseResult.Status.MEASURED);
    assertThat(fetch.windows()).hasSize(2);
    assertThat(fetch.windows())
        .allSatisfy(w -> assertThat(w.outcome()).as(w.detail()).isEqualTo(Outcome.HIT));
    assertThat(fetch.recognised()).isTrue();

    CaseResult napper = result(report, "napper");
    assertThat(napper.status()).isEqualTo(CaseResult.Status.MEASURED);
    assertThat(napper.clean()).as(napper.windows().toString()).isTrue();

    CaseResult late = result(report, "late-napper");
    assertThat(late.status()).as(late.reason()).isEqualTo(CaseResult.Status.MEASURED);
    assertThat(late.windows()).hasSize(2);
    assertThat(late.restarted()).isTrue();
    assertThat(late.reason())
        .startsWith("the first start failed (did not start: start exited with 3")
        .contains("the first start fails (on purpose)");
    assertThat(report.restarted()).containsExactly(late);
    assertThat(ReportText.render(report)).contains("STARTED TWICE (1)", "late-napper on");

    CaseResult never = result(report, "never-ready");
    assertThat(never.status()).isEqualTo(CaseResult.Status.CORPUS_FAILURE);
    assertThat(never.restarted()).isFalse();
    assertThat(never.reason())
        .startsWith("did not start: start exited with 3 before HANGDOCTOR-READY")
        .endsWith("never reached its state (on purpose)); the first start failed the same way");

    CaseResult module = result(report, "needs-module");
    assertThat(module.status()).isEqualTo(CaseResult.Status.UNAVAILABLE);
    assertThat(module.reason()).contains("no_such_module_for_the_accuracy_test");

    CaseResult escape = result(report, "daemon-escape");
    assertThat(escape.status()).as(escape.reason()).isEqualTo(CaseResult.Status.MEASURED);
    assertThat(escape.windows()).allSatisfy(w -> assertThat(w.outcome()).isEqualTo(Outcome.MISS));
    assertThat(stillRunning()).as("processes of the cases").isEmpty();
    assertThat(report.hasCorpusFailures()).isTrue();
  }

  private static CaseResult result(AccuracyReport report, String id) {
    return report.results().stream()
        .filter(r -> r.corpusCase().id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + id));
  }

  /** The test's own corpus, with the real corpus/lib/harness.py beside it. */
  private static Path miniCorpus(Path dir) throws IOException, URISyntaxException {
    Path source = Path.of(AccuracyRunIT.class.getResource("/minicorpus").toURI());
    Path corpus = dir.resolve("corpus");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = corpus.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.createDirectories(corpus.resolve("lib"));
    Files.copy(ROOT.resolve("corpus/lib/harness.py"), corpus.resolve("lib/harness.py"));
    return corpus;
  }

  /** This corpus's programs still running in a scratch copy of an accuracy run. */
  private static List<String> stillRunning() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(
              p -> {
                try {
                  return Files.readSymbolicLink(p.resolve("cwd"))
                      .toString()
                      .contains("/hangdoctor-accuracy-");
                } catch (IOException e) {
                  return false;
                }
              })
          .map(p -> p.getFileName() + " " + cmdline(p))
          .filter(
              line ->
                  line.contains("daemonize.py")
                      || line.contains("fetch.py")
                      || line.contains("nap.py"))
          .toList();
    }
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
