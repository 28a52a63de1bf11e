package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One {@code Found one Java-level deadlock} block of a HotSpot thread dump: the cycle as the VM
 * itself found it, one edge per thread ({@code thread} waits for {@code object}, held by {@code
 * heldBy}). HotSpot finds cycles of monitors and ownable synchronizers only.
 */
public record JavaDeadlock(List<Edge> edges) {
  public JavaDeadlock {
    edges = List.copyOf(edges);
  }

  /** {@code "dl-A"} waits for a {@code monitor} or {@code ownable synchronizer} held by another. */
  public record Edge(String thread, String resource, JavaObjectRef object, String heldBy) {}
}
