package dev.hangdoctor.benchmarks;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code JvmDumpBenchmark REPO_ROOT [--threads N] [--rounds N]}: on every JDK found that has a
 * {@code jcmd}, starts one JVM with N parked threads (50 by default) and {@code -Xlog:safepoint} to
 * a file, then, round by round and in alternating order, runs {@code bin/hangdoctor dump PID} and
 * {@code jcmd PID Thread.print} against it. For each run: the whole command's wall time, and the
 * stop-the-world pause it caused in the target (the {@code Total} of the thread-dump safepoints
 * logged while it ran: {@code PrintThreads}, {@code FindDeadlocks}, {@code PrintJNI}). Two untimed
 * runs of each warm the target's attach listener and its code first. Prints one block of figures
 * per JDK; progress goes to stderr. Never asserts a time.
 *
 * <p>Exit codes: 0 measured, 1 a measurement failed, 2 bad arguments or nothing to measure.
 */
public final class JvmDumpBenchmark {
  private static final Pattern SAFEPOINT =
      Pattern.compile("Safepoint \"(\\w+)\".*?Total: (\\d+) ns");
  private static final Set<String> DUMP_OPERATIONS =
      Set.of("PrintThreads", "FindDeadlocks", "PrintJNI", "ThreadDump");
  private static final int WARMUP = 2;

  private JvmDumpBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    Path root;
    int threads = 50;
    int rounds = 10;
    try {
      if (args.length == 0) {
        throw new IllegalArgumentException("missing the repository root");
      }
      root = Path.of(args[0]);
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        int value = Integer.parseInt(args[i + 1]);
        switch (args[i]) {
          case "--threads" -> threads = value;
          case "--rounds" -> rounds = value;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("jvm-dump-benchmark: " + e.getMessage());
      System.err.println("usage: jvm-dump-benchmark [--threads N] [--rounds N]");
      System.exit(2);
      return;
    }
    System.exit(run(root, threads, rounds, System.out, System.err));
  }

  static int run(Path root, int threads, int rounds, PrintStream out, PrintStream err)
      throws InterruptedException {
    List<JdkHome> jdks =
        Interpreters.jdks().stream()
            .filter(jdk -> Files.isExecutable(jdk.home().resolve("bin").resolve("jcmd")))
            .toList();
    if (jdks.isEmpty()) {
      err.println("jvm-dump-benchmark: no JDK with jcmd found to compare with");
      return 2;
    }
    try {
      Path work = Files.createTempDirectory("hangdoctor-jvm-dump-bench");
      CommandTimer timer = new CommandTimer(work);
      out.printf(
          Locale.ROOT,
          "One JVM per JDK with %d parked threads; %d rounds, alternating order, after %d untimed"
              + " runs of each.%n",
          threads,
          rounds,
          WARMUP);
      out.println(
          "wall: the whole command, fork to exit; pause: stop-the-world time of the thread-dump"
              + " safepoints it caused in the target (-Xlog:safepoint Total).");
      for (JdkHome jdk : jdks) {
        measure(root, jdk, threads, rounds, work, timer, out, err);
      }
      return 0;
    } catch (IOException | BenchmarkException e) {
      err.println("jvm-dump-benchmark: " + e.getMessage());
      return 1;
    }
  }

  private static void measure(
      Path root,
      JdkHome jdk,
      int threads,
      int rounds,
      Path work,
      CommandTimer timer,
      PrintStream out,
      PrintStream err)
      throws IOException, BenchmarkException, InterruptedException {
    Path log = work.resolve("safepoint-" + jdk.feature() + ".log");
    TargetSpec spec =
        TargetSpec.java(
            jdk,
            "JvmTarget.java",
            List.of("-Xlog:safepoint:file=" + log),
            "parked",
            Integer.toString(threads));
    try (Target target = Target.start(spec)) {
      String pid = Long.toString(target.pid());
      List<String> hangdoctor = List.of(root.resolve("bin/hangdoctor").toString(), "dump", pid);
      List<String> jcmd = List.of(jdk.home().resolve("bin/jcmd").toString(), pid, "Thread.print");
      Map<String, String> env = Map.of();
      for (int i = 0; i < WARMUP; i++) {
        timer.time(hangdoctor, env);
        timer.time(jcmd, env);
      }
      List<Double> hdWall = new ArrayList<>();
      List<Double> hdPause = new ArrayList<>();
      List<Double> jcmdWall = new ArrayList<>();
      List<Double> jcmdPause = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        err.printf(Locale.ROOT, "... JDK %d round %d/%d%n", jdk.feature(), round + 1, rounds);
        boolean hangdoctorFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean ours = hangdoctorFirst == (k == 0);
          long before = Files.size(log);
          double wall = timer.time(ours ? hangdoctor : jcmd, env);
          double pause = pauseSince(log, before);
          (ours ? hdWall : jcmdWall).add(wall);
          (ours ? hdPause : jcmdPause).add(pause);
        }
      }
      out.printf(Locale.ROOT, "%nJDK %d (%s), target PID %s%n", jdk.feature(), jdk.home(), pid);
      out.printf(Locale.ROOT, "  %-34s %16s %20s%n", "", "hangdoctor dump", "jcmd Thread.print");
      row(
          out,
          "whole command, median (ms)",
          Samples.of(hdWall).median(),
          Samples.of(jcmdWall).median());
      row(out, "whole command, min (ms)", Samples.of(hdWall).min(), Samples.of(jcmdWall).min());
      row(
          out,
          "safepoint pause, median (ms)",
          Samples.of(hdPause).median(),
          Samples.of(jcmdPause).median());
      row(out, "safepoint pause, max (ms)", Samples.of(hdPause).max(), Samples.of(jcmdPause).max());
    }
  }

  private static void row(PrintStream out, String label, double ours, double theirs) {
    out.printf(Locale.ROOT, "  %-34s %16s %20s%n", label, Samples.ms(ours), Samples.ms(theirs));
  }

  /** Milliseconds of thread-dump safepoints logged after byte {@code offset} of the log. */
  static double pauseSince(Path log, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    String added =
        new String(
            bytes,
            (int) Math.min(offset, bytes.length),
            (int) Math.max(0, bytes.length - offset),
            StandardCharsets.UTF_8);
    return pauseOf(added);
  }

  /** Milliseconds of the thread-dump safepoints in {@code -Xlog:safepoint} lines. */
  static double pauseOf(String lines) {
    double nanos = 0;
    Matcher safepoint = SAFEPOINT.matcher(lines);
    while (safepoint.find()) {
      if (DUMP_OPERATIONS.contains(safepoint.group(1))) {
        nanos += Long.parseLong(safepoint.group(2));
      }
    }
    return nanos / 1e6;
  }
}
