package dev.hangdoctor.accuracy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an accuracy run measures and how.
 *
 * @param corpus the {@code corpus} folder
 * @param jar the hangdoctor jar each window runs ({@code java -jar JAR diagnose PID --json})
 * @param windows independent windows per program and runtime
 * @param parallel programs started at a time (programs that burn CPU run alone)
 * @param caseGlobs globs on case ids; empty selects every case
 * @param pythons the CPythons to use; empty finds one per minor version
 * @param jdks the JDK homes for JVM cases; empty finds every JDK
 * @param readyLimit how long a case may take to print {@code HANGDOCTOR-READY}
 * @param windowLimit how long one {@code diagnose} may take
 * @param keepFailed keep the scratch folder of a program that did not start, for its logs
 */
public record Settings(
    Path corpus,
    Path jar,
    int windows,
    int parallel,
    List<String> caseGlobs,
    List<Path> pythons,
    List<Path> jdks,
    Duration readyLimit,
    Duration windowLimit,
    boolean keepFailed) {

  /**
   * Above the harness's own bounds (60 s, and 300 s for a hang that comes at a random moment), so a
   * case that gives up says why first.
   */
  public static final Duration READY_LIMIT = Duration.ofSeconds(360);

  /** A default window takes about 1 s; the JVM's start-up and a loaded machine add a few. */
  public static final Duration WINDOW_LIMIT = Duration.ofSeconds(90);

  public Settings {
    caseGlobs = List.copyOf(caseGlobs);
    pythons = List.copyOf(pythons);
    jdks = List.copyOf(jdks);
    if (windows < 1) {
      throw new IllegalArgumentException("windows must be at least 1, not " + windows);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
    }
  }

  /** Every case on every runtime found, with the default limits, keeping no folder. */
  public static Settings of(Path corpus, Path jar, int windows, int parallel) {
    return new Settings(
        corpus,
        jar,
        windows,
        parallel,
        List.of(),
        List.of(),
        List.of(),
        READY_LIMIT,
        WINDOW_LIMIT,
        false);
  }

  /**
   * The default parallelism: one more program than cores, at most 4 (3 on a 2-core machine). Most
   * corpus programs sit blocked; the CPU goes to their start and to the diagnosing JVMs, and the
   * programs that burn CPU run alone anyway.
   */
  public static int defaultParallel() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() + 1));
  }
}
