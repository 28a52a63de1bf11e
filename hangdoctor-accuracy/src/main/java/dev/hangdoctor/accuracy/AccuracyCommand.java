package dev.hangdoctor.accuracy;

import dev.hangdoctor.accuracy.corpus.Corpus;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.report.AccuracyReport;
import dev.hangdoctor.accuracy.report.ExpectationCheck;
import dev.hangdoctor.accuracy.report.Expectations;
import dev.hangdoctor.accuracy.report.ReportJson;
import dev.hangdoctor.accuracy.report.ReportText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench/accuracy}: measures hangdoctor's accuracy on the corpus and prints the table; the
 * only class of this module that prints or exits.
 */
@Command(
    name = "bench/accuracy",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Starts every corpus case on every CPython 3.11+ found (C cases once, JVM cases once per"
          + " JDK), diagnoses each in independent windows with a fresh"
          + " 'hangdoctor diagnose PID --json', scores every window as corpus/README.md says and"
          + " prints a table per program, totals per class and per runtime.",
      "Progress goes to stderr, the report to stdout."
    },
    footer = {
      "",
      "Exit status: 0 measured; 1 --check found a broken expectation; 2 bad arguments;"
          + " 3 a program did not start or misbehaved (a corpus failure, listed apart);"
          + " 8 a tool is missing (the jar, java, setsid); 70 internal error."
    })
public final class AccuracyCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int EXPECTATION_FAILED = 1;
  static final int USAGE = 2;
  static final int CORPUS_FAILURE = 3;
  static final int MISSING_TOOL = 8;
  static final int INTERNAL = 70;

  @Spec CommandSpec spec;

  @Option(
      names = "--windows",
      paramLabel = "N",
      description = "independent windows per program and runtime (default: ${DEFAULT-VALUE})",
      defaultValue = "10")
  int windows;

  @Option(
      names = "--case",
      paramLabel = "GLOB",
      description = "only the cases whose id matches GLOB (repeatable), e.g. 'exit-*'")
  List<String> cases = new ArrayList<>();

  @Option(
      names = "--python",
      paramLabel = "PATH",
      arity = "1..*",
      description = "the CPythons to run Python cases on (default: one per minor version found)")
  List<Path> pythons = new ArrayList<>();

  @Option(
      names = "--jdk",
      paramLabel = "HOME",
      arity = "1..*",
      description = "the JDKs to run JVM cases on (default: every JDK under /usr/lib/jvm)")
  List<Path> jdks = new ArrayList<>();

  @Option(
      names = "--jar",
      paramLabel = "PATH",
      description = "the hangdoctor jar to measure (default: hangdoctor-cli/target/hangdoctor.jar)")
  Path jar;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description =
          "programs run side by side; those that burn CPU run alone (default: cores + 1, at"
              + " most 4: ${DEFAULT-VALUE} here)")
  int parallel = Settings.defaultParallel();

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
  Path json;

  @Option(
      names = "--write-expected",
      description =
          "update corpus/expected.json: programs hit in every window enter, the others leave")
  boolean writeExpected;

  @Option(
      names = "--check",
      description =
          "exit 1 unless every program in corpus/expected.json is hit again, every control is"
              + " clean (or a known false alarm) and every program started")
  boolean check;

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      description = "the corpus (default: corpus/ of this checkout)")
  Path corpus;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help")
  boolean help;

  private final Path root;
  private final PrintWriter out;
  private final PrintWriter err;

  AccuracyCommand(Path root, PrintWriter out, PrintWriter err) {
    this.root = root;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("hangdoctor.root", ".")).toAbsolutePath().normalize();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(root, args, out, err));
  }

  static int run(Path root, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new AccuracyCommand(root, out, err));
    line.setOut(out);
    line.setErr(err);
    line.setParameterExceptionHandler(
        (e, a) -> {
          err.println("accuracy: " + e.getMessage());
          err.println("Try 'bench/accuracy --help'.");
          return USAGE;
        });
    line.setExecutionExceptionHandler(
        (e, l, p) -> {
          err.println("accuracy: internal error: " + e);
          if (System.getenv("HANGDOCTOR_DEBUG") != null) {
            e.printStackTrace(err);
          }
          return INTERNAL;
        });
    return line.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (windows < 1 || windows > 1000) {
      return usage("--windows must be between 1 and 1000, not " + windows);
    }
    if (parallel < 1 || parallel > 64) {
      return usage("--parallel must be between 1 and 64, not " + parallel);
    }
    if (writeExpected && check) {
      return usage("--write-expected and --check do not go together: check first, then write");
    }
    if (writeExpected && windows < 3) {
      return usage("--write-expected needs at least 3 windows, so one lucky window cannot enter");
    }
    Path corpusDir = corpus != null ? corpus : root.resolve("corpus");
    Path jarPath = jar != null ? jar : root.resolve("hangdoctor-cli/target/hangdoctor.jar");
    if (!Files.isRegularFile(jarPath)) {
      err.println(
          "accuracy: "
              + jarPath
              + " is missing"
              + (jar == null ? "; build it first: ./mvnw -q -B -DskipTests package" : ""));
      return MISSING_TOOL;
    }
    Settings settings =
        new Settings(
            corpusDir,
            jarPath.toAbsolutePath(),
            windows,
            parallel,
            cases,
            pythons,
            jdks,
            Settings.READY_LIMIT,
            Settings.WINDOW_LIMIT,
            true);
    AccuracyRun run = new AccuracyRun(settings, new ProgressLine(err));
    Thread hook = new Thread(run::abort, "accuracy-abort");
    Runtime.getRuntime().addShutdownHook(hook);
    AccuracyReport report;
    try {
      report = run.run();
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    } catch (IllegalStateException e) {
      err.println("accuracy: " + e.getMessage());
      return MISSING_TOOL;
    } catch (IOException e) {
      err.println("accuracy: " + e.getMessage());
      return USAGE;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs
      }
    }
    out.print(ReportText.render(report));
    out.flush();
    if (json != null) {
      ReportJson.write(report, json);
      err.println("accuracy: wrote " + json);
    }
    Path expectedFile = corpusDir.resolve("expected.json");
    Expectations expected = Expectations.read(expectedFile);
    if (writeExpected) {
      Expectations next = expected.updatedWith(report);
      next.write(expectedFile);
      int listed = next.recognised().values().stream().mapToInt(java.util.Set::size).sum();
      err.println(
          "accuracy: wrote "
              + expectedFile
              + ": "
              + listed
              + " program runs on "
              + next.recognised().size()
              + " runtimes");
    }
    if (check) {
      List<String> ids =
          Corpus.read(corpusDir).cases().stream().map(CorpusCase::id).collect(Collectors.toList());
      ExpectationCheck result = ExpectationCheck.of(report, expected, java.util.Set.copyOf(ids));
      out.print(result.render());
      out.flush();
      if (!result.passed()) {
        return EXPECTATION_FAILED;
      }
    }
    return report.hasCorpusFailures() ? CORPUS_FAILURE : OK;
  }

  private static int count(java.util.Map<String, java.util.Set<String>> lists) {
    return lists.values().stream().mapToInt(java.util.Set::size).sum();
  }

  private int usage(String message) {
    err.println("accuracy: " + message);
    err.println("Try 'bench/accuracy --help'.");
    return USAGE;
  }
}
