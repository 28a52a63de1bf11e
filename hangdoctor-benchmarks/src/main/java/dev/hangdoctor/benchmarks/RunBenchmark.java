package dev.hangdoctor.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code RunBenchmark REPO_ROOT [--runs N] [--hangs N]}: what {@code hangdoctor run} costs. First
 * the wall time of {@code bin/hangdoctor run -- true} against {@code timeout 10 true} (and {@code
 * bin/hangdoctor --version} as the JVM's floor), interleaved round by round, medians compared
 * (goal: at most 200 ms more than {@code timeout}). Then, for a hung tree of three Python
 * processes, the time from the deadline to the evidence written, as {@code summary.txt} of each
 * attempt records it (goal: at most 2 s). Progress goes to stderr.
 *
 * <p>Exit codes: 0 measured, 1 a measurement failed, 2 bad arguments.
 */
public final class RunBenchmark {
  static final double OVERHEAD_GOAL_MILLIS = 200;
  static final double EVIDENCE_GOAL_MILLIS = 2000;

  private static final Pattern EVIDENCE =
      Pattern.compile("(?m)^evidence written after the deadline: (\\d+) ms$");
  private static final String TREE =
      "import subprocess, sys, time\n"
          + "children = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])"
          + " for _ in range(2)]\n"
          + "time.sleep(300)\n";

  private RunBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: RunBenchmark REPO_ROOT [--runs N] [--hangs N]");
      System.exit(2);
    }
    int runs = 20;
    int hangs = 5;
    try {
      for (int i = 1; i < args.length; i += 2) {
        int value = Integer.parseInt(args[i + 1]);
        switch (args[i]) {
          case "--runs" -> runs = value;
          case "--hangs" -> hangs = value;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (value < 1) {
          throw new IllegalArgumentException(args[i] + " must be at least 1");
        }
      }
    } catch (RuntimeException e) {
      System.err.println("run-benchmark: " + e.getMessage());
      System.exit(2);
    }
    try {
      run(Path.of(args[0]), runs, hangs, System.out, System.err);
      System.exit(0);
    } catch (BenchmarkException | IOException e) {
      System.err.println("run-benchmark: " + e.getMessage());
      System.exit(1);
    }
  }

  static void run(Path root, int runs, int hangs, PrintStream out, PrintStream err)
      throws BenchmarkException, IOException, InterruptedException {
    String launcher = root.resolve("bin/hangdoctor").toString();
    CommandTimer timer = new CommandTimer(root);
    List<List<String>> commands =
        List.of(
            List.of(launcher, "run", "--", "true"),
            List.of("timeout", "10", "true"),
            List.of(launcher, "--version"));
    for (List<String> command : commands) {
      timer.time(command, Map.of()); // untimed: warms the page cache
    }
    List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int round = 0; round < runs; round++) {
      err.println("... round " + (round + 1) + " of " + runs);
      for (int k = 0; k < commands.size(); k++) {
        int index = round % 2 == 0 ? k : commands.size() - 1 - k;
        times.get(index).add(timer.time(commands.get(index), Map.of()));
      }
    }
    Samples run = Samples.of(times.get(0));
    Samples timeout = Samples.of(times.get(1));
    Samples version = Samples.of(times.get(2));

    List<Double> evidence = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    for (int i = 0; i < hangs; i++) {
      err.println("... hung tree " + (i + 1) + " of " + hangs);
      double[] measured = hang(launcher, root);
      evidence.add(measured[0]);
      wall.add(measured[1]);
    }
    Samples evidenceAfter = Samples.of(evidence);
    Samples hangWall = Samples.of(wall);

    Report.printHeader(out, "run");
    out.printf(
        Locale.ROOT, "succeeding command: %d runs each, interleaved (median / min ms)%n", runs);
    row(out, "bin/hangdoctor run -- true", run);
    row(out, "timeout 10 true", timeout);
    row(out, "bin/hangdoctor --version (JVM start-up floor)", version);
    double overhead = run.median() - timeout.median();
    out.printf(
        Locale.ROOT,
        "  %-52s %8s ms   goal <= %s ms: %s%n",
        "overhead of run over timeout (medians)",
        Samples.ms(overhead),
        Samples.ms(OVERHEAD_GOAL_MILLIS),
        overhead <= OVERHEAD_GOAL_MILLIS ? "MET" : "MISSED");
    out.printf(
        Locale.ROOT,
        "  %-52s %8s ms%n",
        "run -- true minus --version (medians)",
        Samples.ms(run.median() - version.median()));
    out.println();
    out.printf(
        Locale.ROOT,
        "hung tree of 3 Python processes, --timeout 1s --kill-after 1s --report DIR: %d runs%n",
        hangs);
    out.printf(
        Locale.ROOT,
        "  %-52s median %s   max %s ms   goal <= %s ms: %s%n",
        "deadline -> evidence written (summary.txt)",
        Samples.ms(evidenceAfter.median()),
        Samples.ms(evidenceAfter.max()),
        Samples.ms(EVIDENCE_GOAL_MILLIS),
        evidenceAfter.max() <= EVIDENCE_GOAL_MILLIS ? "MET (every run)" : "MISSED (max)");
    out.printf(
        Locale.ROOT,
        "  %-52s median %s ms%n",
        "whole command wall time (1 s deadline + evidence + kill)",
        Samples.ms(hangWall.median()));
  }

  private static void row(PrintStream out, String name, Samples samples) {
    out.printf(
        Locale.ROOT,
        "  %-52s %8s %8s%n",
        name,
        Samples.ms(samples.median()),
        Samples.ms(samples.min()));
  }

  /** One hung run: {evidence ms after the deadline, wall ms of the whole command}. */
  private static double[] hang(String launcher, Path root)
      throws BenchmarkException, IOException, InterruptedException {
    Path reports = Files.createTempDirectory("hangdoctor-run-bench");
    try {
      List<String> command =
          List.of(
              launcher,
              "run",
              "--timeout",
              "1s",
              "--kill-after",
              "1s",
              "--report",
              reports.toString(),
              "--",
              "python3",
              "-c",
              TREE);
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          throw new BenchmarkException("hangdoctor run ran over 120 s");
        }
      } finally {
        process.destroyForcibly();
      }
      double wallMillis = (System.nanoTime() - start) / 1e6;
      if (process.exitValue() != 124) {
        throw new BenchmarkException("hangdoctor run exited " + process.exitValue() + ", not 124");
      }
      String summary =
          Files.readString(reports.resolve("attempt-1/summary.txt"), StandardCharsets.UTF_8);
      Matcher matcher = EVIDENCE.matcher(summary);
      if (!matcher.find()) {
        throw new BenchmarkException("summary.txt names no evidence time:\n" + summary);
      }
      String text = Files.readString(reports.resolve("attempt-1/diagnosis.txt"));
      long processes = text.lines().filter(line -> line.startsWith("PID ")).count();
      if (processes != 3) {
        throw new BenchmarkException("expected 3 processes diagnosed, got " + processes);
      }
      return new double[] {Double.parseDouble(matcher.group(1)), wallMillis};
    } finally {
      try (Stream<Path> files = Files.walk(reports)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
