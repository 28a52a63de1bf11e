package dev.hangdoctor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Times whole commands: {@code bin/hangdoctor inspect PID --samples 1} and {@code bin/hangdoctor
 * --version}, each with the launcher's start-up cache (the build's, beside the jar, or made in a
 * fresh, private cache by one untimed run first) and without it, plus {@code ss -tanp} as a
 * yardstick. The variants are interleaved round by round, in alternating order, so a noisy machine
 * slows all of them alike.
 */
final class WholeProcessBenchmark {
  static final String INSPECT_CDS = "hangdoctor inspect PID --samples 1, start-up cache";
  static final String INSPECT_NO_CDS = "hangdoctor inspect PID --samples 1, HANGDOCTOR_CACHE=off";
  static final String VERSION_CDS = "hangdoctor --version, start-up cache";
  static final String VERSION_NO_CDS = "hangdoctor --version, HANGDOCTOR_CACHE=off";
  static final String SS = "ss -tanp (yardstick)";

  record Result(Map<String, Samples> commands, double firstRunMillis, String archive) {}

  private record Variant(String name, List<String> command, Map<String, String> env) {}

  private final Path root;
  private final long pid;
  private final int runs;
  private final Consumer<String> progress;

  WholeProcessBenchmark(Path root, long pid, int runs, Consumer<String> progress) {
    this.root = root;
    this.pid = pid;
    this.runs = runs;
    this.progress = progress;
  }

  Result run() throws BenchmarkException, InterruptedException, IOException {
    Path cache = Files.createTempDirectory("hangdoctor-bench-cache");
    try {
      return run(cache);
    } finally {
      deleteTree(cache);
    }
  }

  private Result run(Path cache) throws BenchmarkException, InterruptedException, IOException {
    String launcher = root.resolve("bin/hangdoctor").toString();
    List<String> inspect = List.of(launcher, "inspect", Long.toString(pid), "--samples", "1");
    List<String> version = List.of(launcher, "--version");
    Map<String, String> cds = Map.of("XDG_CACHE_HOME", cache.toString());
    Map<String, String> noCds =
        Map.of("XDG_CACHE_HOME", cache.toString(), "HANGDOCTOR_CACHE", "off");
    List<Variant> variants =
        List.of(
            new Variant(INSPECT_CDS, inspect, cds),
            new Variant(INSPECT_NO_CDS, inspect, noCds),
            new Variant(VERSION_CDS, version, cds),
            new Variant(VERSION_NO_CDS, version, noCds),
            new Variant(SS, List.of("ss", "-tanp"), Map.of()));
    CommandTimer timer = new CommandTimer(root);

    progress.accept("first run with an empty cache (the launcher trains and writes its archive)");
    double firstRun = timer.time(inspect, cds);
    String archive = archiveIn(cache.resolve("hangdoctor"), root.resolve("hangdoctor-cli/target"));
    for (Variant variant : variants) {
      timer.time(variant.command(), variant.env()); // untimed: warms the page cache
    }

    Map<String, List<Double>> times = new LinkedHashMap<>();
    variants.forEach(variant -> times.put(variant.name(), new ArrayList<>(runs)));
    for (int round = 0; round < runs; round++) {
      progress.accept("whole-process round " + (round + 1) + " of " + runs);
      List<Variant> order = new ArrayList<>(variants);
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      for (Variant variant : order) {
        times.get(variant.name()).add(timer.time(variant.command(), variant.env()));
      }
    }
    Map<String, Samples> result = new LinkedHashMap<>();
    times.forEach((name, millis) -> result.put(name, Samples.of(millis)));
    return new Result(result, firstRun, archive);
  }

  private static String archiveIn(Path... dirs) throws BenchmarkException, IOException {
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          List<Path> archives =
              files
                  .filter(file -> file.getFileName().toString().startsWith("hangdoctor-"))
                  .filter(file -> file.toString().matches(".*\\.(jsa|aot)"))
                  .toList();
          if (archives.size() == 1) {
            return archives.get(0).getFileName()
                + " ("
                + Files.size(archives.get(0)) / 1024
                + " KiB)";
          }
        }
      }
    }
    throw new BenchmarkException(
        "bin/hangdoctor made no start-up cache in " + List.of(dirs) + " (run it once by hand)");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(WholeProcessBenchmark::delete);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
