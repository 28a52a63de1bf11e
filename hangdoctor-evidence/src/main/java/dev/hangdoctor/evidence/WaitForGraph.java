package dev.hangdoctor.evidence;

import java.util.List;
import java.util.Optional;

/**
 * Who waits for whom: threads and processes as nodes, and "A waits for B through resource R" as
 * edges, each added by the adapter that can prove it (the kernel's child waits, pipes and mutex
 * owners; CPython's locks, joins, queues, events and pools). Unknown ends are {@code null}. In a
 * diagnosis each process carries the nodes of its own threads and the edges that start there (with
 * the nodes outside the inspected processes they point at).
 */
public record WaitForGraph(List<WaitNode> nodes, List<WaitEdge> edges) {
  public static final WaitForGraph EMPTY = new WaitForGraph(List.of(), List.of());

  public WaitForGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  public Optional<WaitNode> node(String id) {
    return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
  }

  /** The edges that start at {@code id}. */
  public List<WaitEdge> from(String id) {
    return edges.stream().filter(edge -> edge.from().equals(id)).toList();
  }
}
