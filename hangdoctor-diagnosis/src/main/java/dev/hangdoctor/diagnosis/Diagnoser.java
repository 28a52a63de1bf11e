package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.RuleEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Diagnoses a live process and the processes below it: inspects them all over the same sampling
 * window (side by side, so a tree costs one window), then lets the rule engine reach a verdict on
 * each, children first, so a parent stuck waiting on a child leads to the child's verdict.
 */
public final class Diagnoser {
  /** At most this many processes below the target are inspected, nearest first. */
  public static final int MAX_DESCENDANTS = 15;

  private final InspectionCollector collector;
  private final ProcessTreeReader treeReader;
  private final RuleEngine engine;

  public Diagnoser(InspectionCollector collector, ProcessTreeReader treeReader, RuleEngine engine) {
    this.collector = collector;
    this.treeReader = treeReader;
    this.engine = engine;
  }

  /**
   * The verdict on {@code pid} and its descendants. A descendant that exits or cannot be read
   * during the window is left out; the target itself must be readable.
   *
   * @throws ProcReadException when not even the first sample of the target could be taken
   */
  public Diagnosis diagnose(int pid, SamplingPlan plan)
      throws ProcReadException, InterruptedException {
    List<Integer> descendants = descendantsOf(pid);
    if (descendants.isEmpty()) {
      return engine.diagnose(collector.collect(pid, plan));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(descendants.size(), 4),
            task -> {
              Thread thread = new Thread(task, "hangdoctor-descendant");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Inspection>> pending = new ArrayList<>();
      for (int child : descendants) {
        pending.add(pool.submit(() -> collector.collect(child, plan)));
      }
      Inspection root = collector.collect(pid, plan);
      List<Inspection> inspected = new ArrayList<>();
      for (Future<Inspection> future : pending) {
        collected(future).ifPresent(inspected::add);
      }
      return engine.diagnose(root, inspected);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Optional<Inspection> collected(Future<Inspection> future)
      throws InterruptedException {
    try {
      return Optional.of(future.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProcReadException) {
        return Optional.empty();
      }
      throw new IllegalStateException("inspecting a descendant failed", e.getCause());
    }
  }

  private List<Integer> descendantsOf(int pid) throws ProcReadException {
    Optional<ProcessNode> tree = treeReader.tree(pid);
    List<Integer> pids = new ArrayList<>();
    if (tree.isEmpty()) {
      return pids;
    }
    Deque<ProcessNode> queue = new ArrayDeque<>(tree.get().children());
    while (!queue.isEmpty() && pids.size() < MAX_DESCENDANTS) {
      ProcessNode node = queue.removeFirst();
      pids.add(node.pid());
      queue.addAll(node.children());
    }
    return pids;
  }
}
