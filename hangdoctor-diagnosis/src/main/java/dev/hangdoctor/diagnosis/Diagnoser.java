package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.TreeCoverage;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.RuleEngine;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Diagnoses a live process and every process below it: samples them all in one window (round by
 * round, side by side), lets the rule engine reach a verdict on each, children first, so a parent
 * stuck waiting on a child leads to the child's verdict, and says what it could not look at in each
 * ({@link BlindSpots}) and which processes it sampled when and which it left out ({@link
 * TreeCoverage}).
 */
public final class Diagnoser {
  /**
   * At most this many processes (the target included) are sampled in one window, nearest first; the
   * others are listed as left out.
   */
  public static final int MAX_PROCESSES = 256;

  private final InspectionCollector collector;
  private final ProcessTreeReader treeReader;
  private final RuleEngine engine;
  private final IntFunction<Optional<PtraceAccess>> access;
  private final ServerWorkers.Files serverFiles = new ServerFilesReader(Path.of("/proc"));

  public Diagnoser(InspectionCollector collector, ProcessTreeReader treeReader, RuleEngine engine) {
    this(collector, treeReader, engine, pid -> Optional.empty());
  }

  /**
   * @param access the ptrace access facts about a pid, to say what would let hangdoctor look when
   *     the kernel refuses
   */
  public Diagnoser(
      InspectionCollector collector,
      ProcessTreeReader treeReader,
      RuleEngine engine,
      IntFunction<Optional<PtraceAccess>> access) {
    this.collector = collector;
    this.treeReader = treeReader;
    this.engine = engine;
    this.access = access;
  }

  /** This diagnoser with another collector (another redactor, say). */
  public Diagnoser withCollector(InspectionCollector other) {
    return new Diagnoser(other, treeReader, engine, access);
  }

  public Diagnosis diagnose(int pid, SamplingPlan plan)
      throws ProcReadException, InterruptedException {
    return diagnose(pid, plan, SamplingProgress.NONE);
  }

  /**
   * The verdict on {@code pid} and its descendants. A descendant that exits before its first sample
   * or cannot be read is left out and listed in the coverage; the target itself must be readable.
   *
   * @throws ProcReadException when not even the first sample of the target could be taken
   */
  public Diagnosis diagnose(int pid, SamplingPlan plan, SamplingProgress progress)
      throws ProcReadException, InterruptedException {
    Optional<ProcessNode> tree = treeReader.tree(pid);
    List<ProcessNode> nearestFirst = tree.map(Diagnoser::nearestFirst).orElse(List.of());
    List<Integer> pids = new ArrayList<>();
    pids.add(pid);
    List<TreeCoverage.LeftOut> leftOut = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    for (ProcessNode node : nearestFirst) {
      if (node.pid() == pid) {
        continue;
      }
      if (node.pid() == self) {
        // hangdoctor run by the process it diagnoses (the pytest plugin, the exit guard)
        leftOut.add(
            new TreeCoverage.LeftOut(
                node.pid(),
                collector.redactor().text(node.commandLine()),
                "hangdoctor itself, diagnosing its parent"));
        continue;
      }
      if (pids.size() < MAX_PROCESSES) {
        pids.add(node.pid());
      } else {
        leftOut.add(
            new TreeCoverage.LeftOut(
                node.pid(),
                collector.redactor().text(node.commandLine()),
                "beyond the "
                    + MAX_PROCESSES
                    + " processes one window samples; diagnose it on its own"));
      }
    }
    InspectionCollector.Window window = collector.collectAll(pids, plan, progress);
    Map<Integer, Inspection> inspections = window.inspections();
    Map<Integer, ProcReadException> failures = window.failures();
    if (!inspections.containsKey(pid)) {
      throw failures.getOrDefault(
          pid,
          new ProcReadException("/proc/" + pid + "/stat", EvidenceGap.Reason.TARGET_EXITED, null));
    }
    Map<Integer, String> commands = commands(nearestFirst);
    for (Map.Entry<Integer, ProcReadException> failure : failures.entrySet()) {
      leftOut.add(
          new TreeCoverage.LeftOut(
              failure.getKey(),
              collector.redactor().text(commands.getOrDefault(failure.getKey(), "?")),
              failure.getValue().targetExited()
                  ? "exited before its first sample"
                  : "could not be read: " + failure.getValue().getMessage()));
    }
    leftOut.sort(Comparator.comparingInt(TreeCoverage.LeftOut::pid));
    Diagnosis diagnosis = withBlindSpots(verdicts(pid, inspections));
    return diagnosis.withCoverage(
        new TreeCoverage(
            Math.max(1, nearestFirst.size()),
            List.copyOf(inspections.keySet()),
            leftOut,
            window.rounds()));
  }

  /**
   * The rule engine's verdicts on the processes connected to the target through inspected parents;
   * a process whose parent was not inspected (it exited, or was left out) gets a verdict of its own
   * and is shown below the target without being taken for a child it could be waited on as.
   */
  private Diagnosis verdicts(int pid, Map<Integer, Inspection> inspections) {
    Inspection root = inspections.get(pid);
    Set<Integer> connected = new HashSet<>();
    connected.add(pid);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Inspection inspection : inspections.values()) {
        int ppid = inspection.latest().process().ppid();
        if (!connected.contains(inspection.pid()) && connected.contains(ppid)) {
          connected.add(inspection.pid());
          grew = true;
        }
      }
    }
    List<Inspection> below = new ArrayList<>();
    Map<Integer, List<Inspection>> detached = new LinkedHashMap<>();
    for (Inspection inspection : inspections.values()) {
      if (inspection.pid() == pid) {
        continue;
      }
      if (connected.contains(inspection.pid())) {
        below.add(inspection);
        continue;
      }
      int top = detachedRoot(inspection, inspections);
      List<Inspection> group = detached.computeIfAbsent(top, k -> new ArrayList<>());
      if (top != inspection.pid()) {
        group.add(inspection);
      }
    }
    Diagnosis diagnosis = engine.diagnose(root, below);
    if (detached.isEmpty()) {
      return diagnosis;
    }
    List<Diagnosis> children = new ArrayList<>(diagnosis.children());
    for (Map.Entry<Integer, List<Inspection>> entry : detached.entrySet()) {
      children.add(engine.diagnose(inspections.get(entry.getKey()), entry.getValue()));
    }
    return diagnosis.with(diagnosis.findings(), children, diagnosis.blindSpots());
  }

  /**
   * The highest ancestor of {@code inspection} that was inspected (itself when its parent was not).
   */
  private static int detachedRoot(Inspection inspection, Map<Integer, Inspection> inspections) {
    Inspection current = inspection;
    Set<Integer> seen = new HashSet<>();
    while (seen.add(current.pid())) {
      Inspection parent = inspections.get(current.latest().process().ppid());
      if (parent == null) {
        return current.pid();
      }
      current = parent;
    }
    return current.pid();
  }

  /** Each process's blind spots, and its findings under the policy for them. */
  private Diagnosis withBlindSpots(Diagnosis diagnosis) {
    List<Diagnosis> children = new ArrayList<>();
    for (Diagnosis child : diagnosis.children()) {
      children.add(withBlindSpots(child));
    }
    List<BlindSpot> spots = BlindSpots.of(diagnosis.inspection(), accessFacts(diagnosis));
    List<Finding> findings = new ArrayList<>();
    for (Finding finding : diagnosis.findings()) {
      findings.add(
          ServerWorkers.annotate(
              BlindSpots.adjust(finding, spots, diagnosis.pid()),
              diagnosis.inspection(),
              serverFiles));
    }
    // List.sort is stable: findings of equal confidence keep the engine's order.
    findings.sort(Comparator.comparing(Finding::confidence));
    return diagnosis.with(findings, children, spots);
  }

  private Optional<PtraceAccess> accessFacts(Diagnosis diagnosis) {
    ProcessSnapshot latest = diagnosis.inspection().latest();
    boolean refused =
        latest.gaps().stream().anyMatch(gap -> gap.reason() == EvidenceGap.Reason.PERMISSION_DENIED)
            || (latest.python() != null
                && latest.python().status() == PythonStacks.Status.PERMISSION_DENIED);
    return refused ? access.apply(diagnosis.pid()) : Optional.empty();
  }

  private static List<ProcessNode> nearestFirst(ProcessNode root) {
    List<ProcessNode> order = new ArrayList<>();
    Deque<ProcessNode> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      ProcessNode node = queue.removeFirst();
      order.add(node);
      queue.addAll(node.children());
    }
    return order;
  }

  private static Map<Integer, String> commands(List<ProcessNode> nodes) {
    Map<Integer, String> commands = new LinkedHashMap<>();
    for (ProcessNode node : nodes) {
      commands.put(node.pid(), node.commandLine());
    }
    return commands;
  }
}
