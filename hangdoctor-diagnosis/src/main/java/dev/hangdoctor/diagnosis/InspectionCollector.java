package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes the samples of one inspection (each with the Python stacks when the process is CPython) and
 * the process tree. A target that exits after the first sample yields a partial inspection of what
 * was read; one that is gone before it yields an error.
 */
public final class InspectionCollector {
  private final ProcessReader processReader;
  private final ProcessTreeReader treeReader;
  private final PythonSource pythonSource;
  private final Pause pause;

  public InspectionCollector(
      ProcessReader processReader,
      ProcessTreeReader treeReader,
      PythonSource pythonSource,
      Pause pause) {
    this.processReader = processReader;
    this.treeReader = treeReader;
    this.pythonSource = pythonSource;
    this.pause = pause;
  }

  /**
   * @throws ProcReadException when not even the first sample could be taken
   */
  public Inspection collect(int pid, SamplingPlan plan)
      throws ProcReadException, InterruptedException {
    List<ProcessSnapshot> samples = new ArrayList<>(plan.samples());
    boolean partial = false;
    long previousStart = 0;
    for (int i = 0; i < plan.samples(); i++) {
      if (i > 0) {
        // Samples start an interval apart: the time a sample took is not added to the window.
        long spent = System.nanoTime() - previousStart;
        pause.pause(Duration.ofNanos(Math.max(0, plan.interval().toNanos() - spent)));
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
      PythonStacks python = pythonSource.read(pid);
      if (python != null) {
        snapshot = snapshot.withPython(PythonKernelJoin.join(snapshot, python));
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
        partial);
  }
}
