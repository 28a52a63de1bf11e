package dev.hangdoctor.benchmarks;

import dev.hangdoctor.testkit.Target;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/** The one block of figures the benchmark ends with. */
final class Report {
  private Report() {}

  static void print(
      PrintStream out,
      InspectBenchmark.Options options,
      Target target,
      InProcessBenchmark.Result snapshots,
      WholeProcessBenchmark.Result commands) {
    Samples snapshot = snapshots.snapshot();
    InProcessBenchmark.Seen seen = snapshots.seen();
    Map<String, Samples> whole = commands.commands();
    Samples inspectCds = whole.get(WholeProcessBenchmark.INSPECT_CDS);
    Samples inspectNoCds = whole.get(WholeProcessBenchmark.INSPECT_NO_CDS);
    Samples versionCds = whole.get(WholeProcessBenchmark.VERSION_CDS);
    Samples versionNoCds = whole.get(WholeProcessBenchmark.VERSION_NO_CDS);

    printHeader(out, "inspect");
    out.printf(
        Locale.ROOT,
        "target    many %d %d, pid %d, READY %s%n",
        options.threads(),
        options.sockets(),
        target.pid(),
        target.ready());
    out.printf(
        Locale.ROOT,
        "seen      %d threads, %d fds, %d sockets (%d TCP), %d gaps%s%n",
        seen.threads(),
        seen.fds(),
        seen.sockets(),
        seen.tcpSockets(),
        seen.gaps(),
        seen.gapText());
    out.println();
    out.printf(
        Locale.ROOT,
        "in-process snapshot: ProcessReader.system().snapshot(pid), %d timed after %d warm-up%n",
        snapshot.count(),
        options.warmup());
    out.printf(
        Locale.ROOT,
        "  min %s   median %s   p90 %s   max %s ms   goal <= %s ms: %s%n",
        Samples.ms(snapshot.min()),
        Samples.ms(snapshot.median()),
        Samples.ms(snapshot.percentile(90)),
        Samples.ms(snapshot.max()),
        Samples.ms(InspectBenchmark.GOAL_MILLIS),
        snapshot.median() <= InspectBenchmark.GOAL_MILLIS ? "MET (median)" : "MISSED (median)");
    out.printf(
        Locale.ROOT,
        "  first snapshot in this JVM (cold code, what --samples 1 pays): %s ms%n",
        Samples.ms(snapshots.firstMillis()));
    out.println("  where the time goes (each piece timed alone; median / min ms):");
    snapshots
        .parts()
        .forEach(
            (name, samples) ->
                out.printf(
                    Locale.ROOT,
                    "    %-52s %8s %8s%n",
                    name,
                    Samples.ms(samples.median()),
                    Samples.ms(samples.min())));
    out.println();
    out.printf(
        Locale.ROOT,
        "whole process: %d runs each, interleaved (median / min ms)%n",
        inspectCds.count());
    whole.forEach(
        (name, samples) ->
            out.printf(
                Locale.ROOT,
                "  %-58s %8s %8s%n",
                name,
                Samples.ms(samples.median()),
                Samples.ms(samples.min())));
    out.printf(
        Locale.ROOT,
        "  %-58s %8s%n",
        "first inspect with an empty cache (trains, writes archive)",
        Samples.ms(commands.firstRunMillis()));
    out.printf(Locale.ROOT, "  archive: %s%n", commands.archive());
    out.println();
    out.println("ratios (medians of the same run)");
    ratio(out, "inspect: no CDS / AppCDS", inspectNoCds.median(), inspectCds.median());
    ratio(out, "--version: no CDS / AppCDS", versionNoCds.median(), versionCds.median());
    ratio(out, "inspect with AppCDS / in-process snapshot", inspectCds.median(), snapshot.median());
    ratio(
        out,
        "inspect with AppCDS / ss -tanp",
        inspectCds.median(),
        whole.get(WholeProcessBenchmark.SS).median());
    out.printf(
        Locale.ROOT,
        "  %-44s %8s ms%n",
        "inspect minus --version (AppCDS)",
        Samples.ms(inspectCds.median() - versionCds.median()));
  }

  private static void ratio(PrintStream out, String name, double numerator, double denominator) {
    out.printf(Locale.ROOT, "  %-44s %8.2fx%n", name, numerator / denominator);
  }

  /** The title and the machine and JVM the figures were taken on, shared by every benchmark. */
  static void printHeader(PrintStream out, String benchmark) {
    out.println();
    out.println("=== hangdoctor " + benchmark + " benchmark ===");
    out.printf(
        Locale.ROOT,
        "machine   %d cores, %s %s, Java %s (%s)%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
    out.printf(
        Locale.ROOT,
        "jvm flags %s%n",
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }
}
