package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.StackSample;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes the samples of one inspection (each with the Python stacks when the process is CPython, and
 * the Java threads, asked right after the kernel's view, when it is a JVM) and the process tree.
 * Between two samples of a CPython process it also reads the Python stacks alone a few times, which
 * is cheap, so a busy thread's progress shows in more than the samples. A target that exits after
 * the first sample yields a partial inspection of what was read; one that is gone before it yields
 * an error.
 */
public final class InspectionCollector {
  private final ProcessReader processReader;
  private final ProcessTreeReader treeReader;
  private final PythonSource pythonSource;
  private final JvmSource jvmSource;
  private final Pause pause;

  /** Extra Python stack reads between two samples (none for a process that is not CPython). */
  static final int STACK_READS_BETWEEN_SAMPLES = 4;

  /**
   * Extra stack reads stop for the rest of the window once one takes more than this fraction of the
   * interval (a process with thousands of threads), so they never crowd out the samples.
   */
  static final long STACK_READ_BUDGET_DIVISOR = 20;

  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      Pause pause) {
    this(processReader, treeReader, pythonSource, JvmSource.NONE, pause);
  }

  /** A collector that also asks JVMs for their Java threads, once per sample. */
  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      JvmSource jvmSource,
      Pause pause) {
    this.processReader = processReader;
    this.treeReader = treeReader;
    this.pythonSource = pythonSource;
    this.jvmSource = jvmSource;
    this.pause = pause;
  }

  /**
   * @throws ProcReadException when not even the first sample could be taken
   */
  public Inspection collect(int pid, SamplingPlan plan)
      throws ProcReadException, InterruptedException {
    try (JvmSource.Sampler jvm = jvmSource.open(pid)) {
      return collect(pid, plan, jvm);
    }
  }

  private Inspection collect(int pid, SamplingPlan plan, JvmSource.Sampler jvm)
      throws ProcReadException, InterruptedException {
    List<ProcessSnapshot> samples = new ArrayList<>(plan.samples());
    List<StackSample> stackSamples = new ArrayList<>();
    boolean partial = false;
    long previousStart = 0;
    boolean pythonRead = false;
    boolean stackReadsTooSlow = false;
    for (int i = 0; i < plan.samples(); i++) {
      if (i > 0) {
        if (pythonRead && !stackReadsTooSlow) {
          stackReadsTooSlow = !readStacksBetweenSamples(pid, plan, previousStart, stackSamples);
        }
        // Samples start an interval apart: the time a sample took is not added to the window.
        pause.pause(remaining(plan.interval(), previousStart));
      }
      previousStart = System.nanoTime();
      ProcessSnapshot snapshot;
      try {
        snapshot = processReader.snapshot(pid);
      } catch (ProcReadException e) {
        if (samples.isEmpty() || !e.targetExited()) {
          throw e;
        }
        partial = true;
        break;
      }
      PythonStacks python = jvm.isJvm() ? null : pythonSource.read(pid);
      if (python != null) {
        snapshot = snapshot.withPython(PythonKernelJoin.join(snapshot, python));
        pythonRead |= python.status() == PythonStacks.Status.READ;
      }
      JvmStacks java = jvm.sample();
      if (java != null) {
        snapshot = snapshot.withJvm(java);
      }
      samples.add(snapshot);
      if (snapshot.targetExited()) {
        partial = true;
        break;
      }
    }
    Optional<ProcessNode> tree = partial ? Optional.empty() : treeReader.tree(pid);
    return new Inspection(
        Inspection.SCHEMA_VERSION,
        pid,
        samples,
        WindowAnalyzer.analyze(samples),
        tree.orElse(null),
        partial,
        stackSamples);
  }

  /**
   * Reads the Python stacks {@link #STACK_READS_BETWEEN_SAMPLES} times, evenly spread over the
   * interval that started at {@code intervalStart}. Returns false when a read took more than its
   * budget, so the window stops spending time on them.
   */
  private boolean readStacksBetweenSamples(
      int pid, SamplingPlan plan, long intervalStart, List<StackSample> into)
      throws InterruptedException {
    long step = plan.interval().toNanos() / (STACK_READS_BETWEEN_SAMPLES + 1);
    long budget = plan.interval().toNanos() / STACK_READ_BUDGET_DIVISOR;
    for (int k = 1; k <= STACK_READS_BETWEEN_SAMPLES; k++) {
      long due = intervalStart + k * step;
      pause.pause(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
      long started = System.nanoTime();
      PythonStacks stacks = pythonSource.read(pid);
      if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
        return true;
      }
      List<StackSample.ThreadStack> threads = new ArrayList<>();
      for (PythonThread thread : stacks.threads()) {
        if (!thread.frames().isEmpty()) {
          threads.add(new StackSample.ThreadStack(thread.nativeThreadId(), thread.frames()));
        }
      }
      into.add(new StackSample(System.nanoTime(), threads));
      if (System.nanoTime() - started > budget) {
        return false;
      }
    }
    return true;
  }

  private static Duration remaining(Duration interval, long intervalStart) {
    long spent = System.nanoTime() - intervalStart;
    return Duration.ofNanos(Math.max(0, interval.toNanos() - spent));
  }
}
