package dev.hangdoctor.accuracy;

import dev.hangdoctor.accuracy.corpus.CaseRuntime;
import dev.hangdoctor.accuracy.corpus.Corpus;
import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.launch.CaseProcess;
import dev.hangdoctor.accuracy.launch.DiagnoseWindow;
import dev.hangdoctor.accuracy.launch.WindowTaker;
import dev.hangdoctor.accuracy.report.AccuracyReport;
import dev.hangdoctor.accuracy.report.CaseResult;
import dev.hangdoctor.accuracy.runtime.RuntimeFinder;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import dev.hangdoctor.accuracy.score.WindowScore;
import dev.hangdoctor.accuracy.score.WindowScorer;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One accuracy run over the corpus: every selected case on every runtime it runs on is copied to a
 * scratch folder, started, diagnosed in independent windows by a fresh {@code hangdoctor diagnose
 * --json} each, scored, and killed with its whole tree. Programs run {@code parallel} at a time,
 * except those that burn CPU on purpose (a spin, a busy control, a thread holding the GIL in C),
 * which run alone so that neither they nor their neighbours are measured on a starved machine. A
 * case that does not reach its state is started once more; the failed start stays in the result.
 */
public final class AccuracyRun {
  private static final Set<String> CPU_CLASSES = Set.of("cpu-spin", "healthy-busy");
  private static final Set<String> CPU_VERDICTS = Set.of("cpu-spin", "gil-held-native");
  private static final String NOT_STARTED = "did not start: ";

  private final Settings settings;
  private final Progress progress;
  private final WindowTaker windows;
  private final Set<CaseProcess> live = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;

  /** A run whose windows are fresh {@code java -jar JAR diagnose PID --json} processes. */
  public AccuracyRun(Settings settings, Progress progress) {
    this(
        settings,
        progress,
        new DiagnoseWindow(
            Path.of(System.getProperty("java.home"), "bin", "java"),
            settings.jar(),
            settings.windowLimit()));
  }

  /** A run whose windows {@code windows} takes. */
  public AccuracyRun(Settings settings, Progress progress, WindowTaker windows) {
    this.settings = settings;
    this.progress = progress;
    this.windows = windows;
  }

  /** The cases of {@code corpus} that {@code globs} select (all when there are none). */
  public static List<CorpusCase> select(Corpus corpus, List<String> globs) {
    if (globs.isEmpty()) {
      return corpus.cases();
    }
    List<PathMatcher> matchers =
        globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    return corpus.cases().stream()
        .filter(c -> matchers.stream().anyMatch(m -> m.matches(Path.of(c.id()))))
        .toList();
  }

  /**
   * True for a program that keeps a CPU busy on purpose, run alone: class {@code cpu-spin} or
   * {@code healthy-busy}, or a right verdict of {@code cpu-spin} or {@code gil-held-native}.
   */
  public static boolean burnsCpu(CorpusCase c) {
    return CPU_CLASSES.contains(c.caseClass())
        || c.truth().verdicts().stream().anyMatch(CPU_VERDICTS::contains);
  }

  /**
   * Runs the corpus.
   *
   * @throws IOException if the corpus cannot be read or the scratch folder not made
   * @throws IllegalArgumentException for settings that name no case or a wrong interpreter
   */
  public AccuracyReport run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    Corpus corpus = Corpus.read(settings.corpus());
    List<CorpusCase> cases = select(corpus, settings.caseGlobs());
    if (cases.isEmpty()) {
      throw new IllegalArgumentException(
          "no corpus case matches " + String.join(" ", settings.caseGlobs()));
    }
    Path setsid =
        RuntimeFinder.onPath("setsid")
            .orElseThrow(() -> new IllegalStateException("setsid (util-linux) is not on the PATH"));
    Set<String> modules = new TreeSet<>();
    cases.stream()
        .filter(c -> c.runtime() == CaseRuntime.PYTHON)
        .forEach(c -> modules.addAll(c.requires()));
    RuntimeFinder finder = new RuntimeFinder(modules, corpus.requirements());
    List<RuntimeUnderTest> pythons =
        has(cases, CaseRuntime.PYTHON) ? finder.pythons(settings.pythons()) : List.of();
    Optional<RuntimeUnderTest> c = has(cases, CaseRuntime.C) ? finder.c() : Optional.empty();
    List<RuntimeUnderTest> jdks =
        has(cases, CaseRuntime.JVM) ? finder.jdks(settings.jdks()) : List.of();
    List<RuntimeUnderTest> runtimes = new ArrayList<>(pythons);
    c.ifPresent(runtimes::add);
    runtimes.addAll(jdks);

    List<CaseResult> planned = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (CorpusCase corpusCase : cases) {
      List<RuntimeUnderTest> on =
          switch (corpusCase.runtime()) {
            case PYTHON -> pythons;
            case C -> c.map(List::of).orElse(List.of());
            case JVM -> jdks;
          };
      if (on.isEmpty()) {
        planned.add(
            CaseResult.unavailable(
                corpusCase,
                absent(corpusCase.runtime()),
                "no " + runtimeName(corpusCase) + " found"));
        continue;
      }
      for (RuntimeUnderTest runtime : on) {
        Optional<String> skip =
            runtime.skipKeys().stream()
                .map(corpusCase.skip()::get)
                .filter(r -> r != null)
                .findFirst();
        Set<String> missing = new TreeSet<>(corpusCase.requires());
        missing.retainAll(runtime.missingModules());
        if (skip.isPresent()) {
          planned.add(CaseResult.skipped(corpusCase, runtime, skip.get() + " (case.json skip)"));
        } else if (!missing.isEmpty()) {
          planned.add(
              CaseResult.unavailable(
                  corpusCase,
                  runtime,
                  "needs "
                      + String.join(", ", missing)
                      + ", which "
                      + runtime.description()
                      + " cannot import (pip install -r corpus/requirements.txt)"));
        } else {
          planned.add(null);
          jobs.add(new Job(planned.size() - 1, corpusCase, runtime));
        }
      }
    }

    Path scratch = Files.createTempDirectory("hangdoctor-accuracy-");
    Path lib = scratch.resolve("lib");
    copyTree(corpus.lib(), lib);
    List<CaseResult> results = execute(jobs, planned, scratch, lib, setsid);
    deleteTree(lib);
    try (Stream<Path> left = Files.list(scratch)) {
      if (left.findAny().isEmpty()) {
        Files.delete(scratch);
      }
    }
    return new AccuracyReport(
        windows.describe(),
        settings.windows(),
        settings.parallel(),
        runtimes,
        finder.notes(),
        results,
        corpus.invalid(),
        started,
        Duration.between(started, Instant.now()));
  }

  /** Kills every running case's tree; for a shutdown hook (Ctrl+C) or a failing caller. */
  public void abort() {
    aborted = true;
    for (CaseProcess running : live) {
      try {
        running.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private record Job(int slot, CorpusCase corpusCase, RuntimeUnderTest runtime) {}

  private List<CaseResult> execute(
      List<Job> jobs, List<CaseResult> planned, Path scratch, Path lib, Path setsid)
      throws InterruptedException {
    int permits = settings.parallel();
    Semaphore slots = new Semaphore(permits, true);
    AtomicInteger done = new AtomicInteger(planned.size() - jobs.size());
    int total = planned.size();
    CaseResult[] results = planned.toArray(new CaseResult[0]);
    for (CaseResult r : planned) {
      if (r != null) {
        progress.finished(r, done.get(), total);
      }
    }
    List<Job> ordered = new ArrayList<>(jobs);
    // CPU-burning programs first, each alone, then the others side by side.
    ordered.sort(Comparator.comparing((Job j) -> !burnsCpu(j.corpusCase())));
    ExecutorService pool = Executors.newFixedThreadPool(permits);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Job job : ordered) {
        futures.add(
            pool.submit(
                () -> {
                  int need = burnsCpu(job.corpusCase()) ? permits : 1;
                  slots.acquire(need);
                  try {
                    CaseResult result =
                        aborted
                            ? interrupted(job)
                            : measure(job.corpusCase(), job.runtime(), scratch, lib, setsid);
                    results[job.slot()] = result;
                    progress.finished(result, done.incrementAndGet(), total);
                  } finally {
                    slots.release(need);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("measuring a case failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      if (!pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
        abort();
      }
    }
    return List.of(results);
  }

  private CaseResult measure(
      CorpusCase corpusCase, RuntimeUnderTest runtime, Path scratch, Path lib, Path setsid)
      throws IOException, InterruptedException {
    long began = System.nanoTime();
    CaseResult first = attempt(corpusCase, runtime, scratch, lib, setsid, began);
    if (!first.reason().startsWith(NOT_STARTED) || aborted) {
      return first;
    }
    // A start that fails says nothing about hangdoctor; a second one tells a fixture that loses
    // a race now and then from one that cannot reach its state. Both outcomes stay visible.
    CaseResult second = attempt(corpusCase, runtime, scratch, lib, setsid, began);
    String note =
        first.reason().equals(second.reason())
            ? "the first start failed the same way"
            : "the first start failed (" + first.reason() + ")";
    return new CaseResult(
        corpusCase,
        runtime,
        second.status(),
        second.reason().isEmpty() ? note : second.reason() + "; " + note,
        second.readyPid(),
        second.windows(),
        second.took(),
        second.toReady());
  }

  private CaseResult attempt(
      CorpusCase corpusCase,
      RuntimeUnderTest runtime,
      Path scratch,
      Path lib,
      Path setsid,
      long began)
      throws IOException, InterruptedException {
    long attemptBegan = System.nanoTime();
    progress.starting(corpusCase, runtime);
    Path dir =
        Files.createTempDirectory(scratch, corpusCase.id() + "-" + safe(runtime.label()) + "-");
    CaseProcess process;
    try {
      process = CaseProcess.start(corpusCase, runtime, dir, lib, setsid);
    } catch (IOException e) {
      deleteTree(dir);
      return new CaseResult(
          corpusCase,
          runtime,
          CaseResult.Status.CORPUS_FAILURE,
          NOT_STARTED + e.getMessage(),
          0,
          List.of(),
          Duration.ofNanos(System.nanoTime() - began));
    }
    live.add(process);
    String failure = null;
    long pid = 0;
    Duration toReady = Duration.ZERO;
    List<WindowScore> scores = new ArrayList<>();
    try {
      pid = process.awaitReady(settings.readyLimit());
      toReady = Duration.ofNanos(System.nanoTime() - attemptBegan);
      for (int k = 1; k <= settings.windows() && failure == null; k++) {
        if (!CaseProcess.alive(pid)) {
          failure =
              "the announced PID "
                  + pid
                  + " exited "
                  + (k == 1 ? "before the first window" : "after window " + (k - 1));
          break;
        }
        progress.window(corpusCase, runtime, k, settings.windows());
        WindowTaker.Result result = windows.take(pid, dir);
        final long announced = pid;
        scores.add(
            result
                .report()
                .map(json -> WindowScorer.score(corpusCase, announced, json))
                .orElseGet(() -> WindowScore.error(result.problem())));
      }
      if (failure == null && !process.startAlive()) {
        failure = "its start script exited during the windows";
      }
    } catch (CaseProcess.NotStartedException e) {
      failure = NOT_STARTED + e.getMessage();
    } finally {
      List<String> survivors = process.stop();
      live.remove(process);
      if (!survivors.isEmpty() && failure == null) {
        failure = "processes survived SIGKILL: " + String.join(", ", survivors);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    if (failure != null) {
      if (settings.keepFailed()) {
        failure += " (folder kept: " + dir + ")";
      } else {
        deleteTree(dir);
      }
      return new CaseResult(
          corpusCase, runtime, CaseResult.Status.CORPUS_FAILURE, failure, pid, scores, took);
    }
    deleteTree(dir);
    return new CaseResult(
        corpusCase, runtime, CaseResult.Status.MEASURED, "", pid, scores, took, toReady);
  }

  private static CaseResult interrupted(Job job) {
    return new CaseResult(
        job.corpusCase(),
        job.runtime(),
        CaseResult.Status.CORPUS_FAILURE,
        "not run: the run was interrupted",
        0,
        List.of(),
        Duration.ZERO);
  }

  private static boolean has(List<CorpusCase> cases, CaseRuntime runtime) {
    return cases.stream().anyMatch(c -> c.runtime() == runtime);
  }

  private static String runtimeName(CorpusCase c) {
    return switch (c.runtime()) {
      case PYTHON -> "CPython 3.11 or later";
      case C -> "C compiler (cc) and python3";
      case JVM -> "JDK (with javac) and python3";
    };
  }

  private static RuntimeUnderTest absent(CaseRuntime kind) {
    String label =
        switch (kind) {
          case PYTHON -> "python";
          case C -> "c";
          case JVM -> "jvm";
        };
    return new RuntimeUnderTest(
        kind, label, "none found", Path.of("/nonexistent"), Optional.empty(), Set.of());
  }

  private static String safe(String label) {
    return label.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        String name = source.getFileName().toString();
        if (name.equals("__pycache__")) {
          continue;
        }
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.toString().contains("/__pycache__/")) {
          Files.copy(source, target);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
