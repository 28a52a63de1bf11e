package dev.hangdoctor.benchmarks;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.cpython.PythonStackWalker;
import dev.hangdoctor.cpython.locate.InterpreterLocator;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DumpBenchmark REPO_ROOT [--python PATH] [--threads N,N..] [--warmup N] [--iterations N]
 * [--runs N]}: for each thread count (50 and 1,000 by default, the main thread included) starts a
 * Python target whose threads are all parked in the kernel, times {@link PythonStackReader#read} in
 * process (goals: at most 2 ms for 50 threads, 50 ms for 1,000) and, interleaved round by round,
 * the whole commands {@code bin/hangdoctor dump PID} (AppCDS, in a private cache trained by one
 * untimed run) and {@code py-spy dump --nonblocking --pid PID}. Prints one block of figures at the
 * end; progress goes to stderr. Never asserts a time.
 *
 * <p>Exit codes: 0 measured, 1 a measurement failed, 2 bad arguments or a target did not start.
 */
public final class DumpBenchmark {
  static final Map<Integer, Double> GOALS_MILLIS = Map.of(50, 2.0, 1000, 50.0);
  private static final Duration PARK_TIMEOUT = Duration.ofSeconds(60);

  private DumpBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dump-benchmark: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out, System.err));
  }

  static int run(Options options, PrintStream out, PrintStream err) throws InterruptedException {
    Path work;
    try {
      work = Files.createTempDirectory("hangdoctor-dump-bench");
    } catch (IOException e) {
      err.println("dump-benchmark: cannot create a temporary directory: " + e.getMessage());
      return 1;
    }
    try {
      Path script = extract("parked_threads.py", work);
      Optional<Path> pySpy = PySpyLocator.locate();
      err.println("... py-spy: " + pySpy.map(Path::toString).orElse("not found, not compared"));
      List<Row> rows = new ArrayList<>();
      for (int threads : options.threads()) {
        Optional<Row> row = measure(options, script, pySpy, threads, work, err);
        if (row.isEmpty()) {
          return 2;
        }
        rows.add(row.get());
      }
      DumpReport.print(out, options, pySpy, rows);
      return 0;
    } catch (BenchmarkException | IOException e) {
      err.println("dump-benchmark: " + e.getMessage());
      return 1;
    } finally {
      DumpReport.deleteTree(work);
    }
  }

  /** The figures for one thread count. */
  record Row(
      String version,
      int threads,
      int frames,
      double firstMillis,
      Samples read,
      Parts parts,
      Samples hangdoctorDump,
      Samples pySpyDump) {}

  private static Optional<Row> measure(
      Options options, Path script, Optional<Path> pySpy, int threads, Path work, PrintStream err)
      throws BenchmarkException, IOException, InterruptedException {
    TargetSpec spec =
        TargetSpec.command(
                List.of(options.python().toString(), script.toString(), Integer.toString(threads)))
            .withReadyTimeout(Duration.ofSeconds(120));
    err.println("... starting " + spec);
    Target target;
    try {
      target = Target.start(spec);
    } catch (AssertionError e) {
      err.println("dump-benchmark: the target could not start, nothing was measured:");
      err.println(e.getMessage());
      return Optional.empty();
    }
    try (target) {
      int pid = (int) target.pid();
      awaitParked(pid, threads);
      err.printf(
          Locale.ROOT,
          "... pid %d: %d threads parked; %d warm-up + %d timed reads%n",
          pid,
          threads,
          options.warmup(),
          options.iterations());
      PythonStackReader reader = new PythonStackReader(ProcFs.system());
      long start = System.nanoTime();
      PythonStacks first = reader.read(pid);
      double firstMillis = (System.nanoTime() - start) / 1e6;
      check(first, threads);
      for (int i = 0; i < options.warmup(); i++) {
        check(reader.read(pid), threads);
      }
      List<Double> reads = new ArrayList<>(options.iterations());
      for (int i = 0; i < options.iterations(); i++) {
        start = System.nanoTime();
        PythonStacks stacks = reader.read(pid);
        reads.add((System.nanoTime() - start) / 1e6);
        check(stacks, threads);
      }
      int frames = first.threads().stream().mapToInt(t -> t.frames().size()).sum();
      Parts parts = parts(pid, options.iterations());
      Map<String, Samples> commands = wholeProcess(options, pySpy, pid, work, err);
      return Optional.of(
          new Row(
              first.version(),
              threads,
              frames,
              firstMillis,
              Samples.of(reads),
              parts,
              commands.get(HANGDOCTOR),
              commands.get(PY_SPY)));
    }
  }

  /** Where a read's time goes, each piece timed alone. */
  record Parts(Samples locate, Samples walk, long readsPerWalk, long bytesPerWalk) {}

  /** Counts the remote reads one walk makes; each is a pread of /proc/PID/mem. */
  private static final class CountingMemory implements RemoteMemory {
    private final RemoteMemory memory;
    private long reads;
    private long bytes;

    CountingMemory(RemoteMemory memory) {
      this.memory = memory;
    }

    @Override
    public byte[] read(long address, int length) throws MemoryReadException {
      reads++;
      bytes += length;
      return memory.read(address, length);
    }

    @Override
    public void close() {
      memory.close();
    }
  }

  /**
   * Times the two halves of a read apart: opening {@code /proc/PID/mem} and locating the runtime
   * ({@link InterpreterLocator}, ELF files cached), and walking the threads ({@link
   * PythonStackWalker}) with the location found once.
   */
  private static Parts parts(int pid, int iterations) throws BenchmarkException {
    InterpreterLocator locator = new InterpreterLocator(ProcFs.system());
    PythonStackWalker walker = new PythonStackWalker();
    List<Double> locates = new ArrayList<>(iterations);
    List<Double> walks = new ArrayList<>(iterations);
    try (ProcMemory memory = ProcMemory.open(ProcFs.system().root(), pid)) {
      RuntimeLocation location =
          locator
              .locate(pid, memory)
              .location()
              .orElseThrow(() -> new BenchmarkException("the target's runtime was not found"));
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        try (ProcMemory other = ProcMemory.open(ProcFs.system().root(), pid)) {
          locator.locate(pid, other);
        }
        locates.add((System.nanoTime() - start) / 1e6);
        start = System.nanoTime();
        walker.walk(memory, location);
        walks.add((System.nanoTime() - start) / 1e6);
      }
      CountingMemory counting = new CountingMemory(memory);
      walker.walk(counting, location);
      return new Parts(Samples.of(locates), Samples.of(walks), counting.reads, counting.bytes);
    } catch (MemoryReadException e) {
      throw new BenchmarkException("cannot read the target's memory: " + e.getMessage(), e);
    }
  }

  static final String HANGDOCTOR = "bin/hangdoctor dump PID";
  static final String PY_SPY = "py-spy dump --nonblocking --pid PID";

  /** Both commands, {@code runs} times each, alternating which goes first in a round. */
  private static Map<String, Samples> wholeProcess(
      Options options, Optional<Path> pySpy, int pid, Path work, PrintStream err)
      throws BenchmarkException, IOException, InterruptedException {
    Path cache = Files.createDirectories(work.resolve("cache"));
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(
        HANGDOCTOR,
        List.of(
            options.root().resolve("bin/hangdoctor").toString(), "dump", Integer.toString(pid)));
    pySpy.ifPresent(
        path ->
            commands.put(
                PY_SPY,
                List.of(path.toString(), "dump", "--nonblocking", "--pid", Integer.toString(pid))));
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    CommandTimer timer = new CommandTimer(options.root());
    for (List<String> command : commands.values()) {
      timer.time(command, env); // untimed: trains the AppCDS archive, warms the page cache
    }
    Map<String, List<Double>> times = new LinkedHashMap<>();
    commands.keySet().forEach(name -> times.put(name, new ArrayList<>()));
    for (int round = 0; round < options.runs(); round++) {
      err.printf(Locale.ROOT, "... whole-process round %d of %d%n", round + 1, options.runs());
      List<String> order = new ArrayList<>(commands.keySet());
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      for (String name : order) {
        times.get(name).add(timer.time(commands.get(name), env));
      }
    }
    Map<String, Samples> result = new LinkedHashMap<>();
    times.forEach((name, millis) -> result.put(name, Samples.of(millis)));
    return result;
  }

  private static void check(PythonStacks stacks, int threads) throws BenchmarkException {
    if (stacks.status() != PythonStacks.Status.READ || stacks.threads().size() != threads) {
      throw new BenchmarkException(
          "a read found "
              + stacks.threads().size()
              + " of "
              + threads
              + " threads ("
              + stacks.status()
              + ": "
              + stacks.detail()
              + "); the timings would not mean what they say");
    }
  }

  /** Waits, bounded, until the kernel has every one of the target's threads asleep. */
  private static void awaitParked(int pid, int threads)
      throws BenchmarkException, InterruptedException {
    long deadline = System.nanoTime() + PARK_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (sleepingTasks(pid) == threads) {
        return;
      }
      Thread.sleep(20);
    }
    throw new BenchmarkException(
        "the target's " + threads + " threads were not all asleep after " + PARK_TIMEOUT);
  }

  private static int sleepingTasks(int pid) {
    Path tasks = Path.of("/proc", Integer.toString(pid), "task");
    int sleeping = 0;
    try (var dirs = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) dirs::iterator) {
        String stat = Files.readString(task.resolve("stat"));
        sleeping += stat.charAt(stat.lastIndexOf(')') + 2) == 'S' ? 1 : 0;
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return sleeping;
  }

  private static Path extract(String resource, Path dir) throws IOException {
    try (InputStream in = DumpBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the benchmark jar");
      }
      Path file = dir.resolve(resource);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }

  /** The parsed command line. */
  record Options(
      Path root, Path python, List<Integer> threads, int warmup, int iterations, int runs) {
    static final String USAGE =
        "usage: DumpBenchmark REPO_ROOT [--python PATH] [--threads N,N..] [--warmup N]"
            + " [--iterations N] [--runs N]";

    static Options parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("the repository root is missing");
      }
      Path root = Path.of(args[0]).toAbsolutePath().normalize();
      if (!Files.isExecutable(root.resolve("bin/hangdoctor"))) {
        throw new IllegalArgumentException(root + " has no executable bin/hangdoctor");
      }
      Path python = null;
      List<Integer> threads = List.of(50, 1000);
      Map<String, Integer> values =
          new LinkedHashMap<>(Map.of("--warmup", 100, "--iterations", 200, "--runs", 10));
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("missing value: " + args[i]);
        }
        String value = args[i + 1];
        if (args[i].equals("--python")) {
          python = Path.of(value);
        } else if (args[i].equals("--threads")) {
          threads = Arrays.stream(value.split(",")).map(v -> positive("--threads", v)).toList();
        } else if (values.containsKey(args[i])) {
          values.put(
              args[i], args[i].equals("--warmup") ? natural(value) : positive(args[i], value));
        } else {
          throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
      if (python == null) {
        python =
            Interpreters.python3()
                .orElseThrow(() -> new IllegalArgumentException("no python3 found; use --python"));
      }
      if (!Files.isExecutable(python)) {
        throw new IllegalArgumentException(python + " is not executable");
      }
      return new Options(
          root,
          python,
          threads,
          values.get("--warmup"),
          values.get("--iterations"),
          values.get("--runs"));
    }

    private static int positive(String option, String value) {
      int n = natural(value);
      if (n == 0) {
        throw new IllegalArgumentException(option + " needs a positive number: " + value);
      }
      return n;
    }

    private static int natural(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number of at least 0: " + value);
      }
    }
  }
}
