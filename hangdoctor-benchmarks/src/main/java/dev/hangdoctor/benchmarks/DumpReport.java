package dev.hangdoctor.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The one block of figures {@link DumpBenchmark} ends with. */
final class DumpReport {
  private DumpReport() {}

  static void print(
      PrintStream out,
      DumpBenchmark.Options options,
      Optional<Path> pySpy,
      List<DumpBenchmark.Row> rows)
      throws InterruptedException {
    Report.printHeader(out, "dump");
    out.printf(
        Locale.ROOT,
        "target    CPython %s (%s), parked_threads.py: every thread asleep in the kernel%n",
        rows.get(0).version(),
        options.python());
    out.printf(
        Locale.ROOT,
        "py-spy    %s%n",
        pySpy.isPresent()
            ? PySpyLocator.version(pySpy.get()) + " (" + pySpy.get() + ")"
            : "not found: not compared");
    out.println();
    out.printf(
        Locale.ROOT,
        "in-process: new PythonStackReader(ProcFs.system()).read(pid), %d timed after %d warm-up"
            + " (ms)%n",
        options.iterations(),
        options.warmup());
    out.printf(
        Locale.ROOT,
        "  %7s %7s %8s %8s %8s %8s %8s   %s%n",
        "threads",
        "frames",
        "first",
        "min",
        "median",
        "p90",
        "max",
        "goal (median)");
    for (DumpBenchmark.Row row : rows) {
      Samples read = row.read();
      Double goal = DumpBenchmark.GOALS_MILLIS.get(row.threads());
      out.printf(
          Locale.ROOT,
          "  %7d %7d %8s %8s %8s %8s %8s   %s%n",
          row.threads(),
          row.frames(),
          Samples.ms(row.firstMillis()),
          Samples.ms(read.min()),
          Samples.ms(read.median()),
          Samples.ms(read.percentile(90)),
          Samples.ms(read.max()),
          goal == null
              ? "-"
              : "<= " + Samples.ms(goal) + " ms " + (read.median() <= goal ? "MET" : "MISSED"));
    }
    out.println("  where the time goes (each half timed alone; median / min ms):");
    for (DumpBenchmark.Row row : rows) {
      DumpBenchmark.Parts parts = row.parts();
      out.printf(
          Locale.ROOT,
          "  %7d   open /proc/PID/mem + locate %s / %s   walk %s / %s (%d reads, %d KiB)%n",
          row.threads(),
          Samples.ms(parts.locate().median()),
          Samples.ms(parts.locate().min()),
          Samples.ms(parts.walk().median()),
          Samples.ms(parts.walk().min()),
          parts.readsPerWalk(),
          parts.bytesPerWalk() / 1024);
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "whole process: %d runs each, interleaved; median / min ms (stdout discarded)%n",
        options.runs());
    out.printf(
        Locale.ROOT,
        "  %7s %21s %21s %10s%n",
        "threads",
        "hangdoctor dump",
        "py-spy dump",
        "hd/py-spy");
    for (DumpBenchmark.Row row : rows) {
      Samples hd = row.hangdoctorDump();
      Samples spy = row.pySpyDump();
      out.printf(
          Locale.ROOT,
          "  %7d %21s %21s %10s%n",
          row.threads(),
          Samples.ms(hd.median()) + " / " + Samples.ms(hd.min()),
          spy == null ? "-" : Samples.ms(spy.median()) + " / " + Samples.ms(spy.min()),
          spy == null ? "-" : String.format(Locale.ROOT, "%.2fx", hd.median() / spy.median()));
    }
    out.println(
        "  hangdoctor dump: bin/hangdoctor with its AppCDS archive (trained untimed first)");
    out.println("  py-spy dump:     py-spy dump --nonblocking --pid PID");
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(DumpReport::delete);
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
