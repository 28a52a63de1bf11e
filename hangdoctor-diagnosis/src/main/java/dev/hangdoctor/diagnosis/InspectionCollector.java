package dev.hangdoctor.diagnosis;

import dev.hangdoctor.diagnosis.redact.EvidenceRedactor;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.evidence.ConnectionReads;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.PipeEnd;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SourceLine;
import dev.hangdoctor.evidence.StackSample;
import dev.hangdoctor.evidence.TreeCoverage;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Takes the samples of one sampling window (each with the Python stacks when the process is
 * CPython) of one process or of several side by side, and the process tree. The samples of a window
 * go in rounds an interval apart; a round takes one sample of every process (a few at a time), so a
 * whole tree costs one window. Between two rounds a CPython process's Python stacks are also read
 * alone a few times, which is cheap, so a busy thread's progress shows in more than the samples. A
 * process that exits after its first sample yields a partial inspection of what was read; one that
 * is gone before it, an error. The Java threads of a JVM are asked right after the kernel's view in
 * each sample. When a CPython process's CLOSE_WAIT sockets grew over the window, its stacks are
 * then read densely for a moment to catch the code opening connections ({@link ConnectionReader}).
 * Everything read is redacted ({@link Redactor}) before it is kept.
 */
public final class InspectionCollector {
  private final ProcessReader processReader;
  private final ProcessTreeReader treeReader;
  private final PythonSource pythonSource;
  private final JvmSource jvmSource;
  private final Pause pause;
  private final Redactor redactor;
  private final EvidenceRedactor evidenceRedactor;
  private final CollectionPlan reads;

  /** Extra Python stack reads between two samples (none for a process that is not CPython). */
  static final int STACK_READS_BETWEEN_SAMPLES = 4;

  /**
   * Extra stack reads of a process stop for the rest of the window once {@link
   * #SLOW_READS_TOLERATED} in a row take more than this fraction of the interval (a process with
   * thousands of threads), so they never crowd out the samples.
   */
  static final long STACK_READ_BUDGET_DIVISOR = 20;

  /** Over-budget reads in a row that stop them: one alone may be a preemption on a busy machine. */
  static final int SLOW_READS_TOLERATED = 2;

  /** Processes sampled at the same time within one round. */
  static final int PARALLEL_SAMPLES = 4;

  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      Pause pause) {
    this(processReader, treeReader, pythonSource, JvmSource.NONE, pause, Redactor.DEFAULT);
  }

  /** A collector that also asks JVMs for their Java threads, once per sample. */
  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      JvmSource jvmSource,
      Pause pause) {
    this(processReader, treeReader, pythonSource, jvmSource, pause, Redactor.DEFAULT);
  }

  /** A collector whose evidence goes through {@code redactor}. */
  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      JvmSource jvmSource,
      Pause pause,
      Redactor redactor) {
    this(
        processReader,
        treeReader,
        pythonSource,
        jvmSource,
        pause,
        redactor,
        CollectionPlan.EVERYTHING);
  }

  private InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      JvmSource jvmSource,
      Pause pause,
      Redactor redactor,
      CollectionPlan reads) {
    this.processReader = processReader;
    this.treeReader = treeReader;
    this.pythonSource = pythonSource;
    this.jvmSource = jvmSource;
    this.pause = pause;
    this.redactor = redactor;
    this.evidenceRedactor = new EvidenceRedactor(redactor);
    this.reads = reads;
  }

  /** The redactor everything read goes through. */
  public Redactor redactor() {
    return redactor;
  }

  /** This collector with another redactor ({@link Redactor#NONE} for {@code --no-redact}). */
  public InspectionCollector withRedactor(Redactor other) {
    return new InspectionCollector(
        processReader, treeReader, pythonSource, jvmSource, pause, other, reads);
  }

  /**
   * This collector reading only what {@code other} names (the process tree, the wait context and
   * the connection reads are left out where it says so; the Python source is the caller's).
   */
  public InspectionCollector withPlan(CollectionPlan other) {
    return new InspectionCollector(
        processReader, treeReader, pythonSource, jvmSource, pause, redactor, other);
  }

  /**
   * @throws ProcReadException when not even the first sample could be taken
   */
  public Inspection collect(int pid, SamplingPlan plan)
      throws ProcReadException, InterruptedException {
    Window window = collectAll(List.of(pid), plan, SamplingProgress.NONE);
    Track track = window.tracks.get(pid);
    if (track.failure != null) {
      throw track.failure;
    }
    return window.inspections().get(pid);
  }

  /**
   * One window over all of {@code pids} (the first is the root of the tree they belong to): their
   * inspections, and for each one that could not be sampled at all, why.
   */
  public Window collectAll(List<Integer> pids, SamplingPlan plan, SamplingProgress progress)
      throws InterruptedException {
    Map<Integer, Track> tracks = new LinkedHashMap<>();
    for (int pid : pids) {
      tracks.put(pid, new Track(pid));
    }
    List<TreeCoverage.Round> rounds = new ArrayList<>();
    ExecutorService pool = pids.size() > 1 ? pool(Math.min(pids.size(), PARALLEL_SAMPLES)) : null;
    try {
      for (Track track : tracks.values()) {
        track.jvm = jvmSource.open(track.pid);
      }
      long previousStart = 0;
      for (int i = 0; i < plan.samples(); i++) {
        List<Track> active = tracks.values().stream().filter(t -> !t.done).toList();
        if (active.isEmpty()) {
          break;
        }
        if (i > 0) {
          readStacksBetweenSamples(active, plan, previousStart);
          // Rounds start an interval apart: the time a round took is not added to the window.
          pause.pause(remaining(plan.interval(), previousStart));
        }
        previousStart = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        sampleRound(active, pool);
        rounds.add(
            new TreeCoverage.Round(
                i + 1, startedAt, (System.nanoTime() - previousStart) / 1_000_000, active.size()));
        progress.sampled(i + 1, plan.samples(), active.size());
      }
      if (reads.connectionReads()) {
        readConnections(tracks.values());
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      for (Track track : tracks.values()) {
        track.jvm.close();
      }
    }
    Map<Integer, ProcessNode> trees = reads.processTree() ? trees(pids, tracks) : Map.of();
    if (reads.waitContext()) {
      for (Track track : tracks.values()) {
        readWaitContext(track);
      }
    }
    return new Window(tracks, trees, rounds);
  }

  /**
   * The dense stack reads of each CPython process whose CLOSE_WAIT sockets grew over the window
   * ({@link ConnectionReader}), one process after the other.
   */
  private void readConnections(Iterable<Track> tracks) throws InterruptedException {
    ConnectionReader reader = new ConnectionReader(pythonSource, pause);
    for (Track track : tracks) {
      if (!track.done && track.pythonRead && ConnectionReader.closeWaitGrew(track.samples)) {
        track.connectionReads = reader.read(track.pid);
      }
    }
  }

  /**
   * The holders of every pipe the process waits on and the source lines its frames point at, read
   * once after the window from its latest sample.
   */
  private void readWaitContext(Track track) {
    if (track.failure != null || track.samples.isEmpty()) {
      return;
    }
    ProcessSnapshot latest = track.samples.get(track.samples.size() - 1);
    if (!track.partial) {
      Set<String> pipes = PipeWaits.pipesWaitedOn(latest, WindowAnalyzer.analyze(track.samples));
      track.pipeEnds = pipes.isEmpty() ? List.of() : processReader.pipeEnds(pipes);
    }
    // Source can hold secrets too (a password literal): the lines go through the redactor.
    track.sourceLines =
        sourceLines(track.pid, latest).stream()
            .map(l -> new SourceLine(l.file(), l.line(), redactor.text(l.text()), l.changed()))
            .toList();
  }

  /** The lines of source the frames of {@code latest} point at, read as the process sees them. */
  private List<SourceLine> sourceLines(int pid, ProcessSnapshot latest) {
    PythonStacks python = latest.python();
    if (python == null || python.status() != PythonStacks.Status.READ) {
      return List.of();
    }
    Map<String, Set<Integer>> wanted = new LinkedHashMap<>();
    for (PythonThread thread : python.threads()) {
      for (PythonFrame frame : thread.frames()) {
        if (frame.file() != null && frame.line() > 0) {
          wanted.computeIfAbsent(frame.file(), f -> new TreeSet<>()).add(frame.line());
        }
      }
    }
    return processReader.sourceLines(pid, wanted, latest.process().startTimeEpochMillis());
  }

  private void sampleRound(List<Track> active, ExecutorService pool) throws InterruptedException {
    if (pool == null) {
      sample(active.get(0));
      return;
    }
    List<Future<?>> pending = new ArrayList<>();
    for (Track track : active) {
      pending.add(pool.submit(() -> sample(track)));
    }
    for (Future<?> future : pending) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("sampling a process failed", e.getCause());
      }
    }
  }

  /** One sample of one process, into its track. */
  private void sample(Track track) {
    ProcessSnapshot snapshot;
    try {
      snapshot = processReader.snapshot(track.pid, reads.threadCounters());
    } catch (ProcReadException e) {
      if (track.samples.isEmpty() || !e.targetExited()) {
        track.failure = e;
      }
      track.partial = !track.samples.isEmpty();
      track.done = true;
      return;
    }
    PythonStacks python = track.jvm.isJvm() ? null : pythonSource.read(track.pid);
    if (python != null) {
      snapshot = snapshot.withPython(PythonKernelJoin.join(snapshot, python));
      track.pythonRead |= python.status() == PythonStacks.Status.READ;
    }
    JvmStacks java;
    try {
      java = track.jvm.sample();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      java = null;
    }
    if (java != null) {
      snapshot = snapshot.withJvm(java);
    }
    track.samples.add(evidenceRedactor.snapshot(snapshot));
    if (snapshot.targetExited()) {
      track.partial = true;
      track.done = true;
    }
  }

  /**
   * Reads the Python stacks of the CPython processes among {@code active} {@link
   * #STACK_READS_BETWEEN_SAMPLES} times, evenly spread over the interval that started at {@code
   * intervalStart}. A process whose reads keep taking more than their budget gets no more for the
   * window; a round of reads that ran into the next round's time ends the reads of this interval.
   */
  private void readStacksBetweenSamples(List<Track> active, SamplingPlan plan, long intervalStart)
      throws InterruptedException {
    List<Track> readable =
        active.stream().filter(t -> t.pythonRead && !t.stackReadsTooSlow).toList();
    if (readable.isEmpty()) {
      return;
    }
    long step = plan.interval().toNanos() / (STACK_READS_BETWEEN_SAMPLES + 1);
    long budget = plan.interval().toNanos() / STACK_READ_BUDGET_DIVISOR;
    List<Track> reading = new ArrayList<>(readable);
    for (int k = 1; k <= STACK_READS_BETWEEN_SAMPLES && !reading.isEmpty(); k++) {
      long due = intervalStart + k * step;
      pause.pause(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
      for (Track track : List.copyOf(reading)) {
        long started = System.nanoTime();
        PythonStacks stacks = pythonSource.readFrames(track.pid);
        if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
          reading.remove(track);
          continue;
        }
        List<StackSample.ThreadStack> threads = new ArrayList<>();
        for (PythonThread thread : stacks.threads()) {
          if (!thread.frames().isEmpty() && thread.problem() == null) {
            threads.add(new StackSample.ThreadStack(thread.nativeThreadId(), thread.frames()));
          }
        }
        track.stackSamples.add(new StackSample(System.nanoTime(), threads));
        if (System.nanoTime() - started <= budget) {
          track.slowStackReads = 0;
        } else if (++track.slowStackReads >= SLOW_READS_TOLERATED) {
          track.stackReadsTooSlow = true;
          reading.remove(track);
        }
      }
      if (System.nanoTime() > intervalStart + plan.interval().toNanos()) {
        return; // the next round is due: the reads give way to it
      }
    }
  }

  /** The tree below each process that was sampled to the end, from one scan of the root's tree. */
  private Map<Integer, ProcessNode> trees(List<Integer> pids, Map<Integer, Track> tracks) {
    Map<Integer, ProcessNode> byPid = new HashMap<>();
    Map<Integer, ProcessNode> result = new HashMap<>();
    for (int pid : pids) {
      Track track = tracks.get(pid);
      if (track.partial || track.samples.isEmpty()) {
        continue;
      }
      if (!byPid.containsKey(pid)) {
        readTree(pid).ifPresent(node -> index(node, byPid));
      }
      ProcessNode node = byPid.get(pid);
      if (node != null) {
        result.put(pid, evidenceRedactor.node(node));
      }
    }
    return result;
  }

  private Optional<ProcessNode> readTree(int pid) {
    try {
      return treeReader.tree(pid);
    } catch (ProcReadException e) {
      return Optional.empty();
    }
  }

  private static void index(ProcessNode root, Map<Integer, ProcessNode> byPid) {
    Deque<ProcessNode> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      ProcessNode node = queue.removeFirst();
      byPid.put(node.pid(), node);
      queue.addAll(node.children());
    }
  }

  private static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task, "hangdoctor-sample");
          thread.setDaemon(true);
          return thread;
        });
  }

  private static Duration remaining(Duration interval, long intervalStart) {
    long spent = System.nanoTime() - intervalStart;
    return Duration.ofNanos(Math.max(0, interval.toNanos() - spent));
  }

  /** What one window read of one process. */
  static final class Track {
    final int pid;
    final List<ProcessSnapshot> samples = new ArrayList<>();
    final List<StackSample> stackSamples = new ArrayList<>();
    volatile boolean partial;
    volatile boolean done;
    volatile boolean pythonRead;
    volatile boolean stackReadsTooSlow;
    volatile int slowStackReads;
    volatile ProcReadException failure;
    JvmSource.Sampler jvm = JvmSource.Sampler.NOT_A_JVM;
    List<PipeEnd> pipeEnds = List.of();
    List<SourceLine> sourceLines = List.of();
    ConnectionReads connectionReads = ConnectionReads.NONE;

    Track(int pid) {
      this.pid = pid;
    }
  }

  /**
   * One window over several processes: an inspection of each that gave at least one sample, why the
   * others gave none, and the rounds of samples.
   */
  public static final class Window {
    private final Map<Integer, Track> tracks;
    private final Map<Integer, ProcessNode> trees;
    private final List<TreeCoverage.Round> rounds;

    Window(
        Map<Integer, Track> tracks,
        Map<Integer, ProcessNode> trees,
        List<TreeCoverage.Round> rounds) {
      this.tracks = tracks;
      this.trees = trees;
      this.rounds = List.copyOf(rounds);
    }

    /** The inspection of each process that gave a sample, in the order the pids were given. */
    public Map<Integer, Inspection> inspections() {
      Map<Integer, Inspection> result = new LinkedHashMap<>();
      for (Track track : tracks.values()) {
        if (track.failure == null && !track.samples.isEmpty()) {
          result.put(
              track.pid,
              new Inspection(
                  Inspection.SCHEMA_VERSION,
                  track.pid,
                  track.samples,
                  WindowAnalyzer.analyze(track.samples),
                  trees.get(track.pid),
                  track.partial,
                  track.stackSamples,
                  track.pipeEnds,
                  track.sourceLines,
                  track.connectionReads));
        }
      }
      return result;
    }

    /** Why each process that gave no inspection gave none. */
    public Map<Integer, ProcReadException> failures() {
      Map<Integer, ProcReadException> result = new LinkedHashMap<>();
      for (Track track : tracks.values()) {
        if (track.failure != null) {
          result.put(track.pid, track.failure);
        }
      }
      return result;
    }

    /** When each round of samples began and how long it took. */
    public List<TreeCoverage.Round> rounds() {
      return rounds;
    }
  }
}
