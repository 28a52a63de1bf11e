package dev.hangdoctor.benchmarks;

import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code DiagnoseBenchmark REPO_ROOT [--python PATH] [--runs N]}: the wall time of the whole {@code
 * bin/hangdoctor diagnose PID --samples 3 --interval 500ms} command (a window of 1.0 s) on a Python
 * target with 20 threads and on a three-process tree (tree.c), beside its window. The goal is the
 * window plus at most 0.5 s. Prints median and min and the overhead (wall minus window); never
 * asserts a time.
 */
public final class DiagnoseBenchmark {
  static final double WINDOW_MILLIS = 1000;
  static final double GOAL_OVERHEAD_MILLIS = 500;

  private DiagnoseBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path python = Path.of("/usr/bin/python3.11");
    int runs = 10;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--python" -> python = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("diagnose-benchmark: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    System.exit(run(root, python, runs, System.out, System.err));
  }

  static int run(Path root, Path python, int runs, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("hangdoctor-diagnose-bench");
    try {
      Path script = work.resolve("parked_threads.py");
      try (InputStream in = DiagnoseBenchmark.class.getResourceAsStream("parked_threads.py")) {
        Files.copy(in, script);
      }
      Samples pythonTarget;
      Samples tree;
      try (Target target =
          Target.start(TargetSpec.command(List.of(python.toString(), script.toString(), "20")))) {
        err.println("... python target pid " + target.pid() + ", 20 threads");
        pythonTarget = time(root, target.pid(), runs, err);
      }
      try (Target target = Target.start(TargetSpec.c("tree.c"))) {
        err.println("... tree.c pid " + target.pid() + ", 3 processes");
        tree = time(root, target.pid(), runs, err);
      }
      Samples startUp = version(root, runs);
      Report.printHeader(out, "diagnose");
      out.printf(Locale.ROOT, "load      %s%n", loadAverage());
      out.printf(
          Locale.ROOT,
          "command   bin/hangdoctor diagnose PID --samples 3 --interval 500ms (window %.0f ms),"
              + " %d runs each; stdout discarded%n",
          WINDOW_MILLIS,
          runs);
      out.printf(
          Locale.ROOT,
          "  %-34s %10s %10s %14s %14s%n",
          "target",
          "median",
          "min",
          "overhead med",
          "goal <= +500");
      line(out, "Python, 20 threads (" + python + ")", pythonTarget);
      line(out, "tree.c, 3 processes", tree);
      out.printf(
          Locale.ROOT,
          "  %-34s %10s %10s   (JVM and CLI start-up, part of every overhead)%n",
          "bin/hangdoctor --version",
          Samples.ms(startUp.median()),
          Samples.ms(startUp.min()));
      return 0;
    } catch (BenchmarkException e) {
      err.println("diagnose-benchmark: " + e.getMessage());
      return 1;
    } finally {
      DumpReport.deleteTree(work);
    }
  }

  private static Samples time(Path root, long pid, int runs, PrintStream err)
      throws BenchmarkException, IOException, InterruptedException {
    List<String> command =
        List.of(
            root.resolve("bin/hangdoctor").toString(),
            "diagnose",
            Long.toString(pid),
            "--samples",
            "3",
            "--interval",
            "500ms");
    CommandTimer timer = new CommandTimer(root);
    Set<Integer> verdicts = Set.of(0, 1);
    timer.time(command, Map.of(), verdicts); // untimed: warms the page cache
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      millis.add(timer.time(command, Map.of(), verdicts));
      err.printf(Locale.ROOT, "... run %d: %.0f ms%n", i + 1, millis.get(i));
    }
    return Samples.of(millis);
  }

  private static Samples version(Path root, int runs)
      throws BenchmarkException, IOException, InterruptedException {
    List<String> command = List.of(root.resolve("bin/hangdoctor").toString(), "--version");
    CommandTimer timer = new CommandTimer(root);
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      millis.add(timer.time(command, Map.of()));
    }
    return Samples.of(millis);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void line(PrintStream out, String name, Samples samples) {
    double overhead = samples.median() - WINDOW_MILLIS;
    out.printf(
        Locale.ROOT,
        "  %-34s %10s %10s %14s %14s%n",
        name,
        Samples.ms(samples.median()),
        Samples.ms(samples.min()),
        "+" + Samples.ms(overhead),
        overhead <= GOAL_OVERHEAD_MILLIS ? "MET" : "MISSED");
  }
}
