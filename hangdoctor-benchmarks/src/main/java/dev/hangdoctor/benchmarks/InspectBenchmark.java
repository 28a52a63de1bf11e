package dev.hangdoctor.benchmarks;

import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code InspectBenchmark REPO_ROOT [--threads N] [--sockets N] [--warmup N] [--iterations N]
 * [--runs N]}: starts the testkit's {@code many.c} target (1,000 blocked threads and 10,000
 * connected loopback TCP sockets by default), times one full {@code inspect} snapshot in process
 * (goal: at most 100 ms) and the whole {@code bin/hangdoctor inspect PID} command with and without
 * AppCDS, and prints one block of figures at the end. Progress goes to stderr.
 *
 * <p>Exit codes: 0 measured, 1 a measurement failed, 2 bad arguments or the target did not start.
 */
public final class InspectBenchmark {
  static final double GOAL_MILLIS = 100;

  private InspectBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("inspect-benchmark: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out, System.err));
  }

  static int run(Options options, PrintStream out, PrintStream err) throws InterruptedException {
    TargetSpec spec =
        TargetSpec.c(
                "many.c", Integer.toString(options.threads()), Integer.toString(options.sockets()))
            .withReadyTimeout(Duration.ofSeconds(120));
    err.println("... starting " + spec);
    Target target;
    try {
      target = Target.start(spec);
    } catch (AssertionError e) {
      err.println("inspect-benchmark: the target could not start, nothing was measured:");
      err.println(e.getMessage());
      return 2;
    }
    try (target) {
      int pid = (int) target.pid();
      err.println("... target pid " + pid + ", READY " + target.ready());
      err.printf(
          Locale.ROOT,
          "... in-process: %d warm-up + %d timed snapshots, then the breakdown%n",
          options.warmup(),
          options.iterations());
      InProcessBenchmark inProcess =
          new InProcessBenchmark(pid, options.warmup(), options.iterations());
      InProcessBenchmark.Result snapshots = inProcess.run();
      WholeProcessBenchmark.Result commands =
          new WholeProcessBenchmark(
                  options.root(), pid, options.runs(), line -> err.println("... " + line))
              .run();
      Report.print(out, options, target, snapshots, commands);
      return 0;
    } catch (ProcReadException e) {
      err.println("inspect-benchmark: cannot read the target: " + e.getMessage());
      return 1;
    } catch (BenchmarkException | IOException e) {
      err.println("inspect-benchmark: " + e.getMessage());
      return 1;
    }
  }

  /** The parsed command line. */
  record Options(Path root, int threads, int sockets, int warmup, int iterations, int runs) {
    static final String USAGE =
        "usage: InspectBenchmark REPO_ROOT [--threads N] [--sockets N] [--warmup N]"
            + " [--iterations N] [--runs N]";

    static Options parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("the repository root is missing");
      }
      Path root = Path.of(args[0]).toAbsolutePath().normalize();
      if (!Files.isExecutable(root.resolve("bin/hangdoctor"))) {
        throw new IllegalArgumentException(root + " has no executable bin/hangdoctor");
      }
      Map<String, Integer> values =
          new LinkedHashMap<>(
              Map.of(
                  "--threads",
                  1000,
                  "--sockets",
                  10000,
                  "--warmup",
                  15,
                  "--iterations",
                  40,
                  "--runs",
                  10));
      for (int i = 1; i < args.length; i += 2) {
        if (!values.containsKey(args[i]) || i + 1 == args.length) {
          throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
        }
        try {
          int value = Integer.parseInt(args[i + 1]);
          if (value < 0 || (value == 0 && !args[i].equals("--warmup"))) {
            throw new NumberFormatException();
          }
          values.put(args[i], value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[i] + " needs a positive number: " + args[i + 1]);
        }
      }
      return new Options(
          root,
          values.get("--threads"),
          values.get("--sockets"),
          values.get("--warmup"),
          values.get("--iterations"),
          values.get("--runs"));
    }
  }
}
