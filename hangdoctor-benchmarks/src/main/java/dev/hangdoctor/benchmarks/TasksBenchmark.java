package dev.hangdoctor.benchmarks;

import dev.hangdoctor.cpython.AsyncTaskReader;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code TasksBenchmark REPO_ROOT PYTHON [TASKS] [ITERATIONS]}: starts an asyncio program with
 * {@code TASKS} tasks (10,000 by default) parked in sleeps, Events and Queues under gather parents,
 * times {@link AsyncTaskReader#read} in process (goal: at most 100 ms) and, interleaved, the whole
 * commands {@code bin/hangdoctor tasks PID} and, on CPython 3.14, {@code python -m asyncio ps PID}.
 * Prints the figures; never asserts a time.
 *
 * <p>Exit codes: 0 measured, 1 a measurement failed, 2 bad arguments or the target did not start.
 */
public final class TasksBenchmark {
  private static final double GOAL_MILLIS = 100;
  private static final int WARMUP = 3;

  private TasksBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: TasksBenchmark REPO_ROOT PYTHON [TASKS] [ITERATIONS]");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    Path python = Path.of(args[1]);
    int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    System.exit(run(root, python, tasks, iterations, System.out, System.err));
  }

  static int run(
      Path root, Path python, int tasks, int iterations, PrintStream out, PrintStream err)
      throws InterruptedException {
    Path work;
    try {
      work = Files.createTempDirectory("hangdoctor-tasks-bench");
    } catch (IOException e) {
      err.println("tasks-benchmark: cannot create a temporary directory: " + e.getMessage());
      return 1;
    }
    try {
      Path script = extract("many_tasks.py", work);
      Target target;
      try {
        target =
            Target.start(
                TargetSpec.command(
                        List.of(python.toString(), script.toString(), Integer.toString(tasks)))
                    .withReadyTimeout(Duration.ofSeconds(180)));
      } catch (AssertionError e) {
        err.println("tasks-benchmark: the target did not start: " + e.getMessage());
        return 2;
      }
      try (target) {
        int pid = (int) target.pid();
        int live = target.readyInt("tasks");
        AsyncTaskReader reader = new AsyncTaskReader(ProcFs.system());
        long start = System.nanoTime();
        AsyncTasks first = reader.read(pid);
        double firstMillis = (System.nanoTime() - start) / 1e6;
        if (first.status() != AsyncTasks.Status.READ || first.tasks().size() != live) {
          err.printf(
              "tasks-benchmark: read %s with %d tasks, the target has %d%n",
              first.status(), first.tasks().size(), live);
          return 1;
        }
        for (int i = 0; i < WARMUP; i++) {
          reader.read(pid);
        }
        List<Double> reads = new ArrayList<>();
        List<Double> hangdoctor = new ArrayList<>();
        List<Double> asyncioPs = new ArrayList<>();
        CommandTimer timer = new CommandTimer(work);
        boolean fourteen = asyncioPsWorks(timer, python, pid);
        for (int i = 0; i < iterations; i++) {
          start = System.nanoTime();
          reader.read(pid);
          reads.add((System.nanoTime() - start) / 1e6);
          hangdoctor.add(
              timer.time(
                  List.of(
                      root.resolve("bin/hangdoctor").toString(), "tasks", Integer.toString(pid)),
                  Map.of()));
          if (fourteen) {
            asyncioPs.add(
                timer.time(
                    List.of(python.toString(), "-m", "asyncio", "ps", Integer.toString(pid)),
                    Map.of()));
          }
          err.printf("... round %d of %d%n", i + 1, iterations);
        }
        print(
            out,
            python,
            live,
            firstMillis,
            Samples.of(reads),
            Samples.of(hangdoctor),
            asyncioPs.isEmpty() ? null : Samples.of(asyncioPs));
        return 0;
      }
    } catch (BenchmarkException | IOException e) {
      err.println("tasks-benchmark: " + e.getMessage());
      return 1;
    } finally {
      DumpReport.deleteTree(work);
    }
  }

  private static void print(
      PrintStream out,
      Path python,
      int tasks,
      double firstMillis,
      Samples reads,
      Samples command,
      Samples asyncioPs) {
    out.printf(Locale.ROOT, "asyncio task graph of %,d tasks (%s)%n", tasks, python);
    out.printf(
        Locale.ROOT,
        "  in-process AsyncTaskReader.read: median %s ms, min %s, max %s (first, cold: %s ms;"
            + " goal %s ms: %s)%n",
        Samples.ms(reads.median()),
        Samples.ms(reads.min()),
        Samples.ms(reads.max()),
        Samples.ms(firstMillis),
        Samples.ms(GOAL_MILLIS),
        reads.median() <= GOAL_MILLIS ? "met" : "missed");
    out.printf(
        Locale.ROOT,
        "  whole 'hangdoctor tasks PID': median %s ms, min %s%n",
        Samples.ms(command.median()),
        Samples.ms(command.min()));
    if (asyncioPs != null) {
      out.printf(
          Locale.ROOT,
          "  whole 'python -m asyncio ps PID': median %s ms, min %s%n",
          Samples.ms(asyncioPs.median()),
          Samples.ms(asyncioPs.min()));
    }
  }

  /** Whether this CPython has {@code python -m asyncio ps} (3.14+) and it can read the target. */
  private static boolean asyncioPsWorks(CommandTimer timer, Path python, int pid)
      throws InterruptedException {
    try {
      timer.time(
          List.of(python.toString(), "-m", "asyncio", "ps", Integer.toString(pid)), Map.of());
      return true;
    } catch (BenchmarkException e) {
      return false;
    }
  }

  private static Path extract(String resource, Path dir) throws IOException {
    try (InputStream in = TasksBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the benchmark jar");
      }
      Path file = dir.resolve(resource);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }
}
