package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread waiting for a non-reentrant lock it holds itself: a lock edge from a thread to itself in
 * the wait-for graph. In Python the holding frame is the {@code with} block further down the same
 * stack, and the frames between it and the waiting one are the path that re-entered: a callback, a
 * finalizer ({@code __del__}) the garbage collector ran, or a signal handler. A pthread mutex
 * locked twice by its owner is the same signature.
 */
final class SelfDeadlock implements Rule {
  static final String ID = "self-deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no thread waits for a lock it holds itself";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    LockStory story = new LockStory(graph);
    for (WaitNode node : graph.threads(inspection.pid())) {
      if (node.state() != WaitNode.State.BLOCKED) {
        continue;
      }
      for (WaitEdge edge : graph.from(node.id())) {
        if (edge.relation() == WaitEdge.Relation.HELD_BY && node.id().equals(edge.to())) {
          findings.add(finding(inspection, graph, story, node, edge));
          break;
        }
      }
    }
    return findings;
  }

  private static Finding finding(
      Inspection inspection, WaitGraph graph, LockStory story, WaitNode node, WaitEdge edge) {
    String lock = story.lockName(edge);
    String window = Lookup.window(inspection);
    String wait =
        Lookup.activity(inspection, node.tid()).map(t -> t.kernelWait().describe()).orElse("");
    if (edge.resource().kind() != WaitResource.Kind.PYTHON_LOCK) {
      return mutexFinding(inspection, graph, node, lock, wait, window);
    }
    long address = story.address(edge);
    Optional<PythonLockHold> hold = story.hold(node.id(), address);
    Optional<PythonFrame> holdFrame = story.holdFrame(node.id(), address);
    Optional<PythonFrame> waitFrame = story.waitFrame(node.id());
    List<PythonFrame> frames = graph.python(node).map(PythonThread::frames).orElse(List.of());
    int heldAt = hold.map(PythonLockHold::frame).orElse(-1);
    Reentry reentry = Reentry.of(frames, heldAt);
    List<PythonFrame> keyFrames = new ArrayList<>();
    waitFrame.ifPresent(keyFrames::add);
    reentry.frames().stream().filter(f -> !keyFrames.contains(f)).forEach(keyFrames::add);
    holdFrame.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        story.who(node.id())
            + " holds "
            + lock
            + LockStory.takenAt(hold, holdFrame)
            + " and waits for the same lock"
            + LockStory.at(waitFrame)
            + ": "
            + wait
            + ", unchanged in all "
            + window);
    if (!reentry.path().isEmpty()) {
      evidence.add("re-entered through " + reentry.path());
    }
    evidence.add(
        "threading.Lock is not reentrant: a second acquire by its holder waits for itself");
    String lockShort = shortName(lock);
    String explanation =
        "The thread took "
            + lockShort
            + holdFrame.map(f -> " in " + f.qualifiedName()).orElse("")
            + " and, before releasing it, got back to code that takes it again"
            + (reentry.how().isEmpty() ? "" : " through " + reentry.how())
            + ". A threading.Lock is not reentrant, so the thread waits for itself and never"
            + " wakes; every other thread that needs this lock blocks behind it.";
    String fix =
        reentry.fix(lockShort)
            + " Where the same thread may legitimately take it again, make it a threading.RLock;"
            + " and never log, print or take locks from a signal handler or __del__ (set a flag"
            + " and do the work later, outside).";
    return new Finding(
        ID,
        "self-deadlock on " + lockShort,
        Confidence.HIGH,
        node.tid(),
        node.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Finding mutexFinding(
      Inspection inspection,
      WaitGraph graph,
      WaitNode node,
      String lock,
      String wait,
      String window) {
    List<PythonFrame> keyFrames =
        UserFrames.keyFrames(graph.python(node).map(PythonThread::frames).orElse(List.of()));
    String where =
        keyFrames.isEmpty()
            ? ""
            : " (at "
                + UserFrames.location(keyFrames.get(0))
                + " in "
                + keyFrames.get(0).qualifiedName()
                + ")";
    return new Finding(
        ID,
        "self-deadlock on " + lock,
        Confidence.HIGH,
        node.tid(),
        node.name(),
        keyFrames,
        List.of(
            "\""
                + node.name()
                + "\" (tid "
                + node.tid()
                + ") waits for "
                + lock
                + " held by itself: "
                + wait
                + ", unchanged in all "
                + window),
        "The thread locks a non-recursive mutex it already holds, so it waits for itself and"
            + " never wakes.",
        "Do not take "
            + lock
            + " again while holding it"
            + where
            + ": release it before calling code that locks it, or make it recursive"
            + " (PTHREAD_MUTEX_RECURSIVE; threading.RLock in Python).");
  }

  private static String shortName(String described) {
    int paren = described.indexOf(" (");
    return paren > 0 ? described.substring(0, paren) : described;
  }

  /**
   * How a thread got from the frame that holds a lock back to code that takes it: the frames in
   * between, and the first step that was no plain call of the frame below, which says what kind of
   * re-entry it was.
   */
  private record Reentry(
      String path,
      String how,
      List<PythonFrame> frames,
      Kind kind,
      PythonFrame entry,
      PythonFrame caller) {

    enum Kind {
      FINALIZER,
      INTERRUPT,
      CALLBACK,
      CALL
    }

    static Reentry of(List<PythonFrame> frames, int heldAt) {
      if (heldAt <= 0 || heldAt >= frames.size()) {
        return new Reentry("", "", List.of(), Kind.CALL, null, null);
      }
      List<String> steps = new ArrayList<>();
      List<PythonFrame> user = new ArrayList<>();
      Kind kind = Kind.CALL;
      PythonFrame entry = null;
      PythonFrame caller = null;
      for (int i = heldAt - 1; i >= 0; i--) {
        PythonFrame frame = frames.get(i);
        PythonFrame below = frames.get(i + 1);
        steps.add(frame.qualifiedName() + " (" + UserFrames.location(frame) + ")");
        if (!UserFrames.isLibrary(frame.file())) {
          user.add(frame);
        }
        if (kind == Kind.CALL) {
          Kind step = stepKind(below, frame);
          if (step != Kind.CALL) {
            kind = step;
            entry = frame;
            caller = below;
          }
        }
      }
      String how =
          switch (kind) {
            case FINALIZER ->
                "a finalizer: the garbage collector ran "
                    + entry.qualifiedName()
                    + " on this thread while it was inside "
                    + caller.qualifiedName();
            case INTERRUPT ->
                entry.qualifiedName()
                    + ", which native code called in the middle of "
                    + caller.qualifiedName()
                    + " (a signal handler, or a callback run from C)";
            case CALLBACK ->
                "a callback: "
                    + caller.qualifiedName()
                    + " calls "
                    + caller.call()
                    + ", which is "
                    + entry.qualifiedName();
            case CALL -> "nested calls";
          };
      return new Reentry(String.join(" → ", steps), how, user, kind, entry, caller);
    }

    private static Kind stepKind(PythonFrame below, PythonFrame frame) {
      if ("__del__".equals(frame.function())) {
        return Kind.FINALIZER;
      }
      boolean dunder = frame.function().startsWith("__") && frame.function().endsWith("__");
      String called = lastName(below.call());
      if (frame.calledFromNative()) {
        boolean dispatched =
            dunder
                || (below.call() != null && below.call().endsWith(".__enter__"))
                || frame.function().equals(called);
        return dispatched ? Kind.CALL : Kind.INTERRUPT;
      }
      if (called != null && !called.equals(frame.function()) && !dunder) {
        return Kind.CALLBACK;
      }
      return Kind.CALL;
    }

    private static String lastName(String call) {
      return call == null ? null : call.substring(call.lastIndexOf('.') + 1);
    }

    String fix(String lock) {
      String site =
          entry == null
              ? ""
              : " (" + entry.qualifiedName() + " at " + UserFrames.location(entry) + ")";
      return switch (kind) {
        case FINALIZER ->
            "Do not take "
                + lock
                + " (or log, which takes logging's locks) from a __del__ finalizer"
                + site
                + ": close the resource explicitly (a with block or try/finally) and keep __del__ to"
                + " a warnings.warn, or use weakref.finalize.";
        case INTERRUPT ->
            "Keep the signal handler"
                + site
                + " from taking "
                + lock
                + " or logging (logging takes locks): have it only set a flag or write to a"
                + " self-pipe, and do the work (reaping, logging) in the main loop.";
        case CALLBACK ->
            "Call the callbacks after releasing "
                + lock
                + site
                + ": collect what they need under the lock, release it, then call them, so a"
                + " callback that comes back into this object does not wait for the lock its caller"
                + " holds.";
        case CALL -> "Release " + lock + " before calling code that takes it again.";
      };
    }
  }
}
