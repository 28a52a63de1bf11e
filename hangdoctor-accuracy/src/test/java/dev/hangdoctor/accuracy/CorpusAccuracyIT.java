package dev.hangdoctor.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.accuracy.corpus.Corpus;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.report.AccuracyReport;
import dev.hangdoctor.accuracy.report.CaseResult;
import dev.hangdoctor.accuracy.report.ExpectationCheck;
import dev.hangdoctor.accuracy.report.Expectations;
import dev.hangdoctor.accuracy.report.ReportText;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The accuracy corpus in CI: every case on every CPython (and JDK) found, {@value #WINDOWS}
 * independent windows each, held to {@code corpus/expected.json}: a listed program must be hit
 * again (in at least one window: {@link ExpectationCheck} says why not all), a control must not
 * raise a false alarm the file does not list, every program must start, nothing may be left out for
 * a missing module. The whole table goes to the log, so every miss is visible. The windows run the
 * command line in process ({@link InProcessWindow}) to stay within CI's time; {@code
 * -Dhangdoctor.corpus.forked=true} takes them with the packaged jar like bench/accuracy, {@code
 * -Dhangdoctor.corpus.windows=N} and {@code -Dhangdoctor.corpus.parallel=N} change the run.
 */
class CorpusAccuracyIT {
  static final int WINDOWS = 3;
  private static final Path JAR = Path.of(System.getProperty("hangdoctor.jar"));
  private static final Path CORPUS = Path.of(System.getProperty("hangdoctor.root"), "corpus");

  @Test
  void everyListedProgramIsRecognisedAndEveryControlIsClean() throws Exception {
    Settings settings =
        Settings.of(
            CORPUS,
            JAR,
            Integer.getInteger("hangdoctor.corpus.windows", WINDOWS),
            Integer.getInteger("hangdoctor.corpus.parallel", Settings.defaultParallel()));
    AccuracyRun run =
        Boolean.getBoolean("hangdoctor.corpus.forked")
            ? new AccuracyRun(settings, new LogProgress())
            : new AccuracyRun(settings, new LogProgress(), new InProcessWindow());
    AccuracyReport report;
    try {
      report = run.run();
    } finally {
      run.abort();
    }
    Expectations expected = Expectations.read(CORPUS.resolve("expected.json"));
    Set<String> ids =
        Corpus.read(CORPUS).cases().stream().map(CorpusCase::id).collect(Collectors.toSet());
    ExpectationCheck check = ExpectationCheck.of(report, expected, ids);

    System.out.println(ReportText.render(report));
    System.out.println(check.render());
    assertThat(check.failures())
        .as("the corpus against corpus/expected.json (the table above has every program)")
        .isEmpty();
  }

  /** One line per finished program, for the CI log. */
  private static final class LogProgress implements Progress {
    @Override
    public void finished(CaseResult result, int done, int total) {
      RuntimeUnderTest runtime = result.runtime();
      System.out.printf(
          Locale.ROOT,
          "corpus: [%d/%d] %s on %s: %s %.0f s%n",
          done,
          total,
          result.corpusCase().id(),
          runtime.label(),
          result.status().name().toLowerCase(Locale.ROOT),
          result.took().toMillis() / 1000.0);
    }
  }
}
