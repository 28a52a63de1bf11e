package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonLock;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonWait;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.List;
import java.util.Optional;

/**
 * The words and frames of lock waits in the wait-for graph, shared by the lock signatures: which
 * lock a thread waits for and where, which thread took it and on which line.
 */
final class LockStory {
  private final WaitGraph graph;

  LockStory(WaitGraph graph) {
    this.graph = graph;
  }

  /** {@code "flush-buffers" (tid 4712)}. */
  String who(String nodeId) {
    return graph
        .node(nodeId)
        .map(node -> "\"" + node.name() + "\" (tid " + node.tid() + ")")
        .orElse(nodeId);
  }

  /** The Python lock a thread waits for, when its wait is a Python lock wait. */
  Optional<PythonLock> waitedLock(String nodeId) {
    return graph
        .node(nodeId)
        .flatMap(graph::python)
        .map(PythonThread::waitsFor)
        .filter(wait -> wait.kind() == PythonWait.Kind.LOCK)
        .map(PythonWait::lock);
  }

  /** {@code self._lock (Lock at 0x7f…)}, or the mutex's name for a pthread mutex. */
  String lockName(WaitEdge edge) {
    if (edge.resource().kind() == WaitResource.Kind.PYTHON_LOCK) {
      return waitedLock(edge.from())
          .map(PythonLock::describe)
          .orElse(edge.resource().name() == null ? "a lock" : edge.resource().name());
    }
    return edge.resource().name();
  }

  /** The frame a thread's wait is made in: the user's frame calling acquire or entering a with. */
  Optional<PythonFrame> waitFrame(String nodeId) {
    Optional<PythonThread> thread = graph.node(nodeId).flatMap(graph::python);
    if (thread.isEmpty() || thread.get().frames().isEmpty()) {
      return Optional.empty();
    }
    PythonWait wait = thread.get().waitsFor();
    List<PythonFrame> frames = thread.get().frames();
    if (wait != null && wait.frame() >= 0 && wait.frame() < frames.size()) {
      PythonFrame frame = frames.get(wait.frame());
      if (!UserFrames.isLibrary(frame.file())) {
        return Optional.of(frame);
      }
    }
    return UserFrames.innermostUserFrame(frames).or(() -> Optional.of(frames.get(0)));
  }

  /** How {@code holderId} holds the lock at {@code address}: the hold seen in its frames. */
  Optional<PythonLockHold> hold(String holderId, long address) {
    return graph
        .node(holderId)
        .flatMap(graph::python)
        .flatMap(
            thread ->
                thread.holds().stream().filter(h -> h.lock().address() == address).findFirst());
  }

  /** The frame of {@code holderId} that took the lock at {@code address}, when a frame shows it. */
  Optional<PythonFrame> holdFrame(String holderId, long address) {
    Optional<PythonLockHold> hold = hold(holderId, address);
    Optional<PythonThread> thread = graph.node(holderId).flatMap(graph::python);
    if (hold.isEmpty() || thread.isEmpty() || hold.get().frame() < 0) {
      return Optional.empty();
    }
    List<PythonFrame> frames = thread.get().frames();
    return hold.get().frame() < frames.size()
        ? Optional.of(frames.get(hold.get().frame()))
        : Optional.empty();
  }

  /** {@code " at app.py:17 (transfer)"}, or nothing. */
  static String at(Optional<PythonFrame> frame) {
    return frame
        .map(f -> " at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
        .orElse("");
  }

  /** {@code " at app.py:14 (transfer)"}: the line of the with statement that took a lock. */
  static String takenAt(Optional<PythonLockHold> hold, Optional<PythonFrame> frame) {
    if (frame.isEmpty()) {
      return hold.filter(h -> h.how() == PythonLockHold.How.RLOCK_OWNER)
          .map(h -> " (the RLock records it as its owner)")
          .orElse("");
    }
    int line = hold.map(PythonLockHold::line).filter(l -> l > 0).orElse(frame.get().line());
    return " at " + frame.get().file() + ":" + line + " (" + frame.get().qualifiedName() + ")";
  }

  /** The address of the Python lock an edge is about, or 0 for a mutex. */
  long address(WaitEdge edge) {
    return waitedLock(edge.from()).map(PythonLock::address).orElse(0L);
  }

  /** What the node is doing now, in words. */
  String activity(String nodeId) {
    return graph.node(nodeId).map(WaitNode::activity).orElse("");
  }
}
