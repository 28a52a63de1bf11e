package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A thread blocked for the whole window acquiring a lock another thread holds, with no deadlock:
 * the wait-for graph names the holder (a pthread mutex records it; a Python lock's {@code with}
 * block shows on the holder's stack; an RLock records its owner) and what it is doing now, and the
 * fix moves the slow work out of the lock. A Python thread blocked acquiring a lock whose holder no
 * stack shows, while other threads still run or sleep, is a LOW finding.
 */
final class LongLockWait implements Rule {
  static final String ID = "long-lock-wait";
  static final String KIND = "long lock wait";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no thread waited the whole window for a lock another thread holds";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    LockStory story = new LockStory(graph);
    Set<String> inCycles = new HashSet<>();
    for (List<WaitEdge> cycle : graph.lockCycles()) {
      cycle.forEach(edge -> inCycles.add(edge.from()));
    }
    List<Finding> findings = new ArrayList<>();
    for (WaitNode waiter : graph.threads(inspection.pid())) {
      if (waiter.state() != WaitNode.State.BLOCKED || inCycles.contains(waiter.id())) {
        continue;
      }
      for (WaitEdge edge : graph.from(waiter.id())) {
        if (edge.relation() != WaitEdge.Relation.HELD_BY || edge.to() == null) {
          continue;
        }
        Optional<WaitNode> holder = graph.node(edge.to());
        if (holder.isEmpty()
            || holder.get().id().equals(waiter.id())
            || holder.get().state() == WaitNode.State.ABSENT) {
          continue;
        }
        findings.add(finding(inspection, graph, story, waiter, holder.get(), edge));
        break;
      }
    }
    LockWaits waits = new LockWaits(inspection);
    List<ThreadActivity> unknownHolder = new ArrayList<>();
    for (ThreadActivity thread : waits.pythonLockWaiters()) {
      String id = WaitNode.threadId(inspection.pid(), thread.tid());
      boolean known =
          graph.from(id).stream()
              .anyMatch(e -> e.relation() == WaitEdge.Relation.HELD_BY && e.to() != null);
      if (!known) {
        unknownHolder.add(thread);
      }
    }
    boolean deadlock = unknownHolder.size() >= 2 && waits.allThreadsBlockedOnFutexes();
    if (!deadlock) {
      for (ThreadActivity waiter : unknownHolder) {
        findings.add(unknownHolderFinding(inspection, waits, waiter));
      }
    }
    return findings;
  }

  private static Finding finding(
      Inspection inspection,
      WaitGraph graph,
      LockStory story,
      WaitNode waiter,
      WaitNode holder,
      WaitEdge edge) {
    String lock = story.lockName(edge);
    String lockShort = lock.contains(" (") ? lock.substring(0, lock.indexOf(" (")) : lock;
    long address = story.address(edge);
    Optional<PythonFrame> waitFrame = story.waitFrame(waiter.id());
    Optional<PythonFrame> holdFrame = story.holdFrame(holder.id(), address);
    List<PythonFrame> keyFrames = new ArrayList<>();
    waitFrame.ifPresent(keyFrames::add);
    holdFrame.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);
    String wait =
        Lookup.activity(inspection, waiter.tid()).map(t -> t.kernelWait().describe()).orElse("");
    String holderDoes = holder.activity() == null ? "" : holder.activity();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        story.who(waiter.id())
            + " waits for "
            + lock
            + LockStory.at(waitFrame)
            + ": "
            + wait
            + ", unchanged in all "
            + Lookup.window(inspection));
    evidence.add(
        "held by "
            + story.who(holder.id())
            + (edge.resource().kind() == WaitResource.Kind.PYTHON_LOCK
                ? ", which took it" + LockStory.takenAt(story.hold(holder.id(), address), holdFrame)
                : "")
            + " and now "
            + holderDoes);
    String explanation =
        "The thread has waited the whole window for "
            + lockShort
            + ", which "
            + story.who(holder.id())
            + " holds while it "
            + holderDoes
            + ". Every thread that needs "
            + lockShort
            + " is serialised behind that holder, and if the holder's call never returns they"
            + " all wait with it.";
    List<PythonFrame> holderFrames =
        graph.python(holder).map(PythonThread::frames).orElse(List.of());
    Optional<ThreadActivity> holderActivity = graph.activity(holder);
    String holderTimeout =
        holderActivity
            .filter(a -> !a.kernelWait().isRunning())
            .map(a -> TimeoutAdvice.forCall(holderFrames, a.kernelWait().syscall()))
            .map(advice -> "; and bound the holder's blocking call: " + advice)
            .orElse("");
    String fix =
        "Do not hold "
            + lockShort
            + " across slow work"
            + holdFrame
                .map(f -> ": in " + f.qualifiedName() + " (" + UserFrames.location(f) + ")")
                .orElse("")
            + " take it only to read or update the shared state and make the call (network, disk,"
            + " sleep) outside the with block"
            + holderTimeout
            + ". Where this wait is acceptable, bound it with "
            + lockShort
            + ".acquire(timeout=...) and handle the failure.";
    return new Finding(
        ID,
        KIND,
        Confidence.HIGH,
        waiter.tid(),
        waiter.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static Finding unknownHolderFinding(
      Inspection inspection, LockWaits waits, ThreadActivity waiter) {
    List<PythonFrame> keyFrames = UserFrames.keyFrames(waits.frames(waiter));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waits.who(waiter)
            + " blocked acquiring a lock"
            + waits.where(waiter)
            + ": "
            + waiter.kernelWait().describe()
            + ", no timeout, unchanged in all "
            + Lookup.window(inspection));
    List<String> others = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (thread.tid() != waiter.tid()
          && !(thread.waitUnchanged() && LockWaits.untimedFutex(thread.kernelWait().syscall()))) {
        others.add(waits.who(thread) + " " + activity(thread) + waits.where(thread));
      }
    }
    if (!others.isEmpty()) {
      evidence.add("threads that may hold the lock: " + String.join("; ", others));
    }
    evidence.add("no thread's stack shows the lock taken (a bare acquire() leaves no trace)");
    String site = keyFrames.isEmpty() ? "" : " at " + UserFrames.location(keyFrames.get(0));
    String explanation =
        "The thread has waited the whole window to acquire a lock"
            + site
            + ", without a timeout, while another thread keeps it: typically a thread holding"
            + " the lock across slow work (a network call, a sleep, a long computation).";
    String fix =
        "Find the code that holds this lock and move the slow work out of its `with lock:`"
            + " block; where waiting is acceptable, bound it"
            + site
            + " with lock.acquire(timeout=...) and handle the failure.";
    return new Finding(
        ID,
        KIND,
        Confidence.LOW,
        waiter.tid(),
        Lookup.threadName(inspection, waiter),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** "runs at 95 % CPU", "waits in clock_nanosleep(…)". */
  private static String activity(ThreadActivity thread) {
    if (thread.kernelWait().isRunning()) {
      return String.format(Locale.ROOT, "runs at %.0f %% CPU", thread.cpuPercent());
    }
    return "waits in " + thread.kernelWait().describe();
  }
}
