package dev.hangdoctor.benchmarks;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.net.SocketReader;
import dev.hangdoctor.linux.net.SocketTableParser;
import dev.hangdoctor.linux.proc.FdReader;
import dev.hangdoctor.linux.proc.GapCollector;
import dev.hangdoctor.linux.proc.OpenFilesLimit;
import dev.hangdoctor.linux.proc.ThreadReader;
import dev.hangdoctor.linux.proc.UserNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times {@code ProcessReader.system().snapshot(pid)} after a warm-up, then times the pieces it is
 * made of through the public lower-level readers, so a reader of the figures knows where the time
 * goes.
 */
final class InProcessBenchmark {
  private static final int PART_WARMUP = 3;
  private static final int PART_ITERATIONS = 15;

  /** What one timed snapshot saw, to show the target was really read in full. */
  record Seen(int threads, int fds, int sockets, int tcpSockets, int gaps, String gapText) {}

  /**
   * {@code firstMillis} is the very first snapshot in this JVM (cold code), which is what a {@code
   * --samples 1} command line run pays.
   */
  record Result(double firstMillis, Samples snapshot, Seen seen, Map<String, Samples> parts) {}

  private final int pid;
  private final int warmup;
  private final int iterations;
  private final ProcFs procFs = ProcFs.system();
  private long sink;

  InProcessBenchmark(int pid, int warmup, int iterations) {
    this.pid = pid;
    this.warmup = warmup;
    this.iterations = iterations;
  }

  Result run() throws ProcReadException {
    ProcessReader reader = ProcessReader.system();
    long coldStart = System.nanoTime();
    ProcessSnapshot last = reader.snapshot(pid);
    double first = (System.nanoTime() - coldStart) / 1e6;
    for (int i = 1; i < warmup; i++) {
      last = reader.snapshot(pid);
    }
    List<Double> times = new ArrayList<>(iterations);
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      last = reader.snapshot(pid);
      times.add((System.nanoTime() - start) / 1e6);
      sink += last.threads().size();
    }
    return new Result(first, Samples.of(times), seen(last), parts(reader));
  }

  private static Seen seen(ProcessSnapshot snapshot) {
    int tcp =
        (int)
            snapshot.sockets().stream()
                .filter(socket -> socket.protocol() == SocketProtocol.TCP)
                .count();
    StringBuilder gapText = new StringBuilder();
    snapshot.gaps().forEach(gap -> gapText.append("\n    ").append(gap));
    return new Seen(
        snapshot.threads().size(),
        snapshot.fds().size(),
        snapshot.sockets().size(),
        tcp,
        snapshot.gaps().size(),
        gapText.toString());
  }

  @FunctionalInterface
  private interface Part {
    long run() throws ProcReadException;
  }

  private Map<String, Samples> parts(ProcessReader reader) throws ProcReadException {
    Path pidDir = procFs.pidDir(pid);
    Path taskDir = pidDir.resolve("task");
    ThreadReader threadReader = new ThreadReader(procFs);
    FdReader fdReader = new FdReader(procFs);
    SocketReader socketReader = new SocketReader(procFs);
    int[] tids = procFs.listNumbers(taskDir);
    List<FdEntry> fds = fdReader.read(pid);
    String tcpText = procFs.readText(pidDir.resolve("net").resolve("tcp"));

    ProcessReader sequential =
        new ProcessReader(procFs, UserNames.fromPasswd(Path.of("/etc/passwd")), 1);
    Map<String, Part> parts = new LinkedHashMap<>();
    parts.put(
        "snapshot, thread files read on the caller's thread only",
        () -> sequential.snapshot(pid).threads().size());
    parts.put(
        "snapshot, thread files read concurrently (default)",
        () -> reader.snapshot(pid).threads().size());
    parts.put("process info (stat, status, cmdline, exe, cwd)", () -> reader.info(pid).pid());
    parts.put(
        "threads: ThreadReader.read, all of",
        () -> threadReader.read(pid, new GapCollector()).size());
    parts.put("  list task/", () -> procFs.listNumbers(taskDir).length);
    for (String file : List.of("stat", "status", "wchan", "syscall")) {
      parts.put("  read task/*/" + file + " (each thread)", () -> readEach(taskDir, tids, file));
    }
    parts.put("fds: FdReader.read, all of", () -> fdReader.read(pid).size());
    parts.put("  list fd/", () -> procFs.listNumbers(pidDir.resolve("fd")).length);
    parts.put(
        "limits (Max open files)",
        () -> OpenFilesLimit.parse(procFs.readText(pidDir.resolve("limits"))).soft());
    parts.put(
        "sockets: SocketReader.read (tables + join), all of",
        () -> socketReader.read(pid, fds).sockets().size());
    parts.put(
        "  read net/tcp (kernel formats the table)",
        () -> procFs.readBytes(pidDir.resolve("net").resolve("tcp")).length);
    parts.put(
        "  parse net/tcp (SocketTableParser)",
        () -> SocketTableParser.parseInet(tcpText, SocketProtocol.TCP).size());

    Map<String, Samples> timed = new LinkedHashMap<>();
    for (Map.Entry<String, Part> part : parts.entrySet()) {
      timed.put(part.getKey(), time(part.getValue()));
    }
    return timed;
  }

  private long readEach(Path taskDir, int[] tids, String file) {
    long bytes = 0;
    for (int tid : tids) {
      try {
        bytes += procFs.readBytes(taskDir.resolve(Integer.toString(tid)).resolve(file)).length;
      } catch (ProcReadException e) {
        // a thread that exited is simply not counted, as in ThreadReader
      }
    }
    return bytes;
  }

  private Samples time(Part part) throws ProcReadException {
    for (int i = 0; i < PART_WARMUP; i++) {
      sink += part.run();
    }
    List<Double> times = new ArrayList<>(PART_ITERATIONS);
    for (int i = 0; i < PART_ITERATIONS; i++) {
      long start = System.nanoTime();
      sink += part.run();
      times.add((System.nanoTime() - start) / 1e6);
    }
    return Samples.of(times);
  }

  /** Keeps the measured results alive so nothing is optimised away. */
  long sink() {
    return sink;
  }
}
