package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.NativeFrames;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Threads that each wait for a lock another of them holds: a cycle of lock edges in the wait-for
 * graph (HIGH however busy the process's other threads are). Python locks get their holders from
 * the {@code with} blocks on the holders' stacks and from RLock owners, pthread mutexes from the
 * owner the mutex records. When CPython shows no holder (a lock taken with a bare {@code
 * acquire()}), two or more threads blocked acquiring locks in user code while every thread of the
 * process waits in an untimed futex still make a (MEDIUM) finding. A thread waiting for a lock it
 * holds itself is {@code self-deadlock}.
 */
final class LockDeadlock implements Rule {
  static final String ID = "lock-deadlock";
  static final String KIND = "lock deadlock";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no cycle of threads each waiting for a lock another holds";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    LockStory story = new LockStory(graph);
    Set<Integer> inCycles = new LinkedHashSet<>();
    for (List<WaitEdge> cycle : graph.lockCycles()) {
      WaitNode first = graph.node(cycle.get(0).from()).orElseThrow();
      if (first.pid() != inspection.pid()) {
        continue;
      }
      cycle.forEach(edge -> graph.node(edge.from()).ifPresent(n -> inCycles.add(n.tid())));
      findings.add(cycleFinding(inspection, graph, story, cycle));
    }
    if (findings.isEmpty()) {
      LockWaits waits = new LockWaits(inspection);
      List<ThreadActivity> pythonWaiters = unexplained(graph, inspection, waits);
      if (pythonWaiters.size() >= 2 && waits.allThreadsBlockedOnFutexes()) {
        findings.add(pythonFinding(inspection, waits, pythonWaiters));
      }
    }
    return findings;
  }

  /** Python lock waiters whose holder the graph does not know. */
  private static List<ThreadActivity> unexplained(
      WaitGraph graph, Inspection inspection, LockWaits waits) {
    List<ThreadActivity> result = new ArrayList<>();
    for (ThreadActivity thread : waits.pythonLockWaiters()) {
      String id = WaitNode.threadId(inspection.pid(), thread.tid());
      boolean known =
          graph.from(id).stream()
              .anyMatch(e -> e.relation() == WaitEdge.Relation.HELD_BY && e.to() != null);
      if (!known) {
        result.add(thread);
      }
    }
    return result;
  }

  private static Finding cycleFinding(
      Inspection inspection, WaitGraph graph, LockStory story, List<WaitEdge> cycle) {
    WaitNode first = graph.node(cycle.get(0).from()).orElseThrow();
    boolean python =
        cycle.stream().allMatch(e -> e.resource().kind() == WaitResource.Kind.PYTHON_LOCK);
    List<PythonFrame> keyFrames = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    List<String> nativeSites = new ArrayList<>();
    for (int i = 0; i < cycle.size(); i++) {
      WaitEdge edge = cycle.get(i);
      WaitEdge held = cycle.get((i + cycle.size() - 1) % cycle.size());
      Optional<PythonFrame> waitFrame = story.waitFrame(edge.from());
      Optional<PythonFrame> heldFrame = story.holdFrame(edge.from(), story.address(held));
      heldFrame.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);
      waitFrame.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);
      if (python) {
        evidence.add(
            story.who(edge.from())
                + " holds "
                + story.lockName(held)
                + LockStory.takenAt(story.hold(edge.from(), story.address(held)), heldFrame)
                + " and waits for "
                + story.lockName(edge)
                + LockStory.at(waitFrame)
                + ", held by "
                + story.who(edge.to()));
        orders.add(
            story.who(edge.from())
                + " takes "
                + shortName(story.lockName(held))
                + " then "
                + shortName(story.lockName(edge)));
      } else {
        List<NativeFrame> own =
            NativeFrames.userFrames(inspection, graph.node(edge.from()).orElseThrow().tid());
        NativeFrames.keyFrames(own).stream()
            .filter(f -> !keyFrames.contains(f))
            .forEach(keyFrames::add);
        own.stream().limit(2).map(NativeFrames::at).forEach(nativeSites::add);
        evidence.add(
            story.who(edge.from())
                + " waits for "
                + edge.resource().name()
                + " held by "
                + story.who(edge.to())
                + (own.isEmpty() ? LockStory.at(waitFrame) : NativeFrames.where(own)));
      }
    }
    ThreadActivity firstActivity = Lookup.activity(inspection, first.tid()).orElseThrow();
    evidence.add(
        "every wait unchanged in all "
            + Lookup.window(inspection)
            + " ("
            + firstActivity.kernelWait().describe()
            + ")");
    int others = graph.threads(inspection.pid()).size() - cycle.size();
    if (others > 0) {
      evidence.add(
          others
              + " other thread(s) of the process go on meanwhile; the cycle does not need them to"
              + " be stuck");
    }
    String where =
        !nativeSites.isEmpty()
            ? " (" + String.join(", ", nativeSites) + ")"
            : keyFrames.isEmpty() ? "" : " (" + sites(keyFrames) + ")";
    String explanation =
        "Each of these threads holds a lock the next one waits for, around a cycle: a lock-order"
            + " deadlock"
            + (orders.isEmpty() ? "" : ": " + String.join("; ", orders))
            + ". None of them can go on, however busy the rest of the process is, and every"
            + " thread that needs one of these locks will block behind them.";
    String fix =
        python
            ? "Take these locks in one fixed order in every code path"
                + where
                + ": decide which comes first and never take it while holding the other, or do"
                + " the work under one lock; where that is not possible, take the second with"
                + " lock.acquire(timeout=...) and back off, releasing the first, when it fails."
            : "Acquire these mutexes in one fixed order everywhere (for example by address or by a"
                + " rank given to each lock)"
                + where
                + ", or take the second with pthread_mutex_trylock/timedlock and back off,"
                + " releasing the first, when it fails.";
    return new Finding(
        ID,
        KIND,
        Confidence.HIGH,
        first.tid(),
        first.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** {@code self._lock} of {@code self._lock (Lock at 0x…)}. */
  private static String shortName(String described) {
    int paren = described.indexOf(" (");
    return paren > 0 ? described.substring(0, paren) : described;
  }

  private static String sites(List<PythonFrame> frames) {
    return frames.stream()
        .map(f -> UserFrames.location(f) + " in " + f.qualifiedName())
        .distinct()
        .collect(Collectors.joining(", "));
  }

  private static Finding pythonFinding(
      Inspection inspection, LockWaits waits, List<ThreadActivity> waiters) {
    ThreadActivity first = waiters.get(0);
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(first));
    List<String> evidence = new ArrayList<>();
    for (ThreadActivity thread : waiters) {
      evidence.add(
          waits.who(thread)
              + " blocked acquiring a lock"
              + waits.where(thread)
              + ": "
              + thread.kernelWait().describe()
              + ", no timeout, unchanged in all "
              + Lookup.window(inspection));
    }
    evidence.add(
        "all "
            + inspection.window().threads().size()
            + " threads of the process wait in untimed futex calls; none runs");
    evidence.add(
        "no thread's stack shows these locks taken (a bare acquire() leaves no trace), so the"
            + " cycle itself is not shown");
    String sites =
        waiters.stream()
            .map(thread -> UserFrames.innermostUserFrame(waits.frames(thread)))
            .flatMap(Optional::stream)
            .map(frame -> UserFrames.location(frame) + " in " + frame.qualifiedName())
            .distinct()
            .collect(Collectors.joining(", "));
    String explanation =
        waiters.size()
            + " threads wait, without a timeout, to acquire locks in your code while every other"
            + " thread of the process waits too: nobody is left to release a lock. Threads that"
            + " take the same locks in different orders (A then B, and B then A) deadlock like"
            + " this.";
    String fix =
        "Take the locks in one fixed order in every code path"
            + (sites.isEmpty() ? "" : " (at " + sites + ")")
            + ", or acquire the second lock with lock.acquire(timeout=...) and back off by"
            + " releasing the first when it fails.";
    return new Finding(
        ID,
        KIND,
        Confidence.MEDIUM,
        first.tid(),
        Lookup.threadName(inspection, first),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
