package dev.hangdoctor.rules.graph;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitForGraph;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The wait-for graph of the processes of one diagnosis, with the queries the rules ask of it: what
 * a node waits for, which nodes can still make progress (run, or be woken by one that can), the
 * cycles of lock waits. Built once per diagnosis by {@link WaitGraphBuilder}; immutable.
 */
public final class WaitGraph {
  private final WaitForGraph graph;
  private final Map<Integer, Inspection> inspections;
  private final Map<String, WaitNode> nodes = new LinkedHashMap<>();
  private final Map<String, List<WaitEdge>> edgesFrom = new HashMap<>();
  private final Set<String> able;

  WaitGraph(WaitForGraph graph, Map<Integer, Inspection> inspections) {
    this.graph = graph;
    this.inspections = Map.copyOf(inspections);
    for (WaitNode node : graph.nodes()) {
      nodes.put(node.id(), node);
    }
    for (WaitEdge edge : graph.edges()) {
      edgesFrom.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge);
    }
    this.able = computeAble();
  }

  /** The graph of {@code inspections} (the processes of one diagnosis, parents first). */
  public static WaitGraph of(List<Inspection> inspections) {
    return WaitGraphBuilder.build(inspections);
  }

  /** The graph of one process alone. */
  public static WaitGraph of(Inspection inspection) {
    return of(List.of(inspection));
  }

  public WaitForGraph graph() {
    return graph;
  }

  /** Process {@code pid}'s part: its nodes, the edges from them, the outside nodes they reach. */
  public WaitForGraph about(int pid) {
    List<WaitEdge> edges = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (WaitNode node : graph.nodes()) {
      if (node.pid() == pid) {
        ids.add(node.id());
      }
    }
    for (WaitEdge edge : graph.edges()) {
      if (ids.contains(edge.from())) {
        edges.add(edge);
      }
    }
    Set<String> reached = new LinkedHashSet<>(ids);
    for (WaitEdge edge : edges) {
      if (edge.to() != null) {
        WaitNode to = nodes.get(edge.to());
        if (to != null && !inspections.containsKey(to.pid())) {
          reached.add(to.id());
        }
      }
    }
    List<WaitNode> chosen = reached.stream().map(nodes::get).filter(n -> n != null).toList();
    return new WaitForGraph(chosen, edges);
  }

  public Optional<WaitNode> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  public Optional<WaitNode> thread(int pid, int tid) {
    return node(WaitNode.threadId(pid, tid));
  }

  /** The edges that start at {@code id}. */
  public List<WaitEdge> from(String id) {
    return edgesFrom.getOrDefault(id, List.of());
  }

  /** The thread nodes of process {@code pid}. */
  public List<WaitNode> threads(int pid) {
    return graph.nodes().stream()
        .filter(n -> n.pid() == pid && n.kind() == WaitNode.Kind.THREAD)
        .filter(n -> n.state() != WaitNode.State.ABSENT)
        .toList();
  }

  /**
   * True when {@code id} can still make progress: it runs or waits for something that ends by
   * itself, or waits for a node that can make progress, or waits on something unknown (given the
   * benefit of the doubt). A node not in the graph cannot.
   */
  public boolean canProgress(String id) {
    return able.contains(id);
  }

  /** The inspection of process {@code pid}, when it was inspected. */
  public Optional<Inspection> inspection(int pid) {
    return Optional.ofNullable(inspections.get(pid));
  }

  /** The Python thread behind a thread node, when stacks were read. */
  public Optional<PythonThread> python(WaitNode node) {
    return inspection(node.pid()).flatMap(i -> Lookup.pythonThread(i.latest(), node.tid()));
  }

  /** How the thread behind a thread node behaved over the window. */
  public Optional<ThreadActivity> activity(WaitNode node) {
    return inspection(node.pid()).flatMap(i -> Lookup.activity(i, node.tid()));
  }

  /**
   * Where a cycle is told from: a process's main thread (the one running a test or the program's
   * own code), then by pid and tid as numbers; a string order put thread 10003 of process 9998
   * before its main thread.
   */
  private static final Comparator<WaitNode> CYCLE_START =
      Comparator.comparing((WaitNode node) -> node.tid() != node.pid())
          .thenComparingInt(WaitNode::pid)
          .thenComparingInt(WaitNode::tid);

  /**
   * Every cycle of lock waits (edges {@link WaitEdge.Relation#HELD_BY} between two or more
   * threads), each starting at a process's main thread when one is in it, else at the lowest pid
   * and tid, each listed once.
   */
  public List<List<WaitEdge>> lockCycles() {
    List<List<WaitEdge>> cycles = new ArrayList<>();
    Set<Set<String>> seen = new HashSet<>();
    for (WaitNode start : graph.nodes()) {
      List<WaitEdge> path = new ArrayList<>();
      List<String> visited = new ArrayList<>();
      String current = start.id();
      while (current != null && !visited.contains(current)) {
        visited.add(current);
        WaitEdge next = lockEdge(current);
        if (next == null) {
          current = null;
          break;
        }
        path.add(next);
        current = next.to();
      }
      if (current == null) {
        continue;
      }
      int at = visited.indexOf(current);
      List<WaitEdge> cycle = new ArrayList<>(path.subList(at, path.size()));
      if (cycle.size() < 2 || !seen.add(Set.copyOf(visited.subList(at, visited.size())))) {
        continue;
      }
      int lowest = 0;
      for (int i = 1; i < cycle.size(); i++) {
        if (CYCLE_START.compare(
                node(cycle.get(i).from()).orElseThrow(),
                node(cycle.get(lowest).from()).orElseThrow())
            < 0) {
          lowest = i;
        }
      }
      List<WaitEdge> ordered = new ArrayList<>();
      for (int i = 0; i < cycle.size(); i++) {
        ordered.add(cycle.get((lowest + i) % cycle.size()));
      }
      cycles.add(ordered);
    }
    return cycles;
  }

  /** The one lock edge of a blocked thread to a present thread, or null. */
  private WaitEdge lockEdge(String id) {
    WaitNode node = nodes.get(id);
    if (node == null || node.state() != WaitNode.State.BLOCKED) {
      return null;
    }
    for (WaitEdge edge : from(id)) {
      if (edge.relation() == WaitEdge.Relation.HELD_BY && edge.to() != null) {
        WaitNode to = nodes.get(edge.to());
        if (to != null
            && to.kind() == WaitNode.Kind.THREAD
            && to.state() != WaitNode.State.ABSENT) {
          return edge;
        }
      }
    }
    return null;
  }

  private Set<String> computeAble() {
    Set<String> result = new HashSet<>();
    for (WaitNode node : graph.nodes()) {
      if (seedAble(node)) {
        result.add(node.id());
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (WaitNode node : graph.nodes()) {
        if (!result.contains(node.id()) && ableGiven(node, result)) {
          result.add(node.id());
          changed = true;
        }
      }
    }
    return result;
  }

  private boolean seedAble(WaitNode node) {
    return switch (node.state()) {
      case RUNNING, WAITING -> true;
      case STOPPED, EXITED, ABSENT -> false;
      case UNKNOWN -> node.kind() == WaitNode.Kind.THREAD || !inspections.containsKey(node.pid());
      case BLOCKED, POLLING -> {
        if (node.kind() == WaitNode.Kind.PROCESS) {
          yield !inspections.containsKey(node.pid());
        }
        List<WaitEdge> edges = from(node.id());
        yield edges.isEmpty() || edges.stream().anyMatch(e -> e.to() == null);
      }
    };
  }

  private boolean ableGiven(WaitNode node, Set<String> ableNow) {
    if (node.state() == WaitNode.State.ABSENT
        || node.state() == WaitNode.State.EXITED
        || node.state() == WaitNode.State.STOPPED) {
      return false;
    }
    if (node.kind() == WaitNode.Kind.PROCESS) {
      return inspections.containsKey(node.pid())
          && threads(node.pid()).stream().anyMatch(t -> ableNow.contains(t.id()));
    }
    return from(node.id()).stream().anyMatch(e -> e.to() != null && ableNow.contains(e.to()));
  }
}
