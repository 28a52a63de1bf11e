package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonWait;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A wait nobody can complete: the thread waits on a queue, event, condition, future or pool result
 * from its own code, and every thread or process that could deliver it is gone or itself blocked
 * for ever. For a {@code multiprocessing.Pool} result the deliverers are the pool's result-handler
 * thread and its workers: a dead result handler, or workers that all sit idle while a result is
 * still awaited (the worker that ran the task died), orphan the wait. The thread objects the
 * waiting code refers to that have exited are named: usually the producer that died.
 */
final class OrphanedWait implements Rule {
  static final String ID = "orphaned-wait";

  private static final Set<PythonWait.Kind> WAKEABLE =
      Set.of(
          PythonWait.Kind.QUEUE_GET,
          PythonWait.Kind.QUEUE_PUT,
          PythonWait.Kind.QUEUE_JOIN,
          PythonWait.Kind.EVENT,
          PythonWait.Kind.CONDITION,
          PythonWait.Kind.SEMAPHORE,
          PythonWait.Kind.BARRIER,
          PythonWait.Kind.FUTURE,
          PythonWait.Kind.POOL_RESULT);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "every thread waiting on a queue, event or result has someone alive to complete it";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    List<WaitNode> threads = new ArrayList<>(graph.threads(inspection.pid()));
    threads.sort(Comparator.comparing((WaitNode n) -> n.tid() != inspection.pid()));
    for (WaitNode node : threads) {
      if (node.state() != WaitNode.State.BLOCKED && node.state() != WaitNode.State.POLLING) {
        continue;
      }
      Optional<PythonThread> python = graph.python(node);
      if (python.isEmpty() || python.get().waitsFor() == null) {
        continue;
      }
      PythonWait wait = python.get().waitsFor();
      if (!WAKEABLE.contains(wait.kind()) || callerFrame(python.get()).isEmpty()) {
        continue;
      }
      List<WaitEdge> wakers =
          graph.from(node.id()).stream()
              .filter(e -> e.relation() == WaitEdge.Relation.WOKEN_BY)
              .toList();
      if (wakers.isEmpty() || wakers.stream().anyMatch(e -> e.to() == null)) {
        continue;
      }
      if (wait.kind() == PythonWait.Kind.POOL_RESULT) {
        poolFinding(inspection, graph, node, python.get(), wakers).ifPresent(findings::add);
        continue;
      }
      if (wakers.stream().anyMatch(e -> graph.canProgress(e.to()))) {
        continue;
      }
      if (node.state() == WaitNode.State.POLLING && exitedThreads(inspection, wait).isEmpty()) {
        // a timed wait retried in a loop (a periodic refresher) whose waker is merely blocked
        // elsewhere is a consequence of that other wait, not a hang of its own: only a waker that
        // died orphans it
        continue;
      }
      findings.add(finding(inspection, graph, node, python.get(), wakers, null));
    }
    findings.addAll(NativeConditionWait.evaluate(inspection));
    return findings;
  }

  /**
   * The user's frame that made the waiting call: the first frame of the user's own code outward of
   * the waiting library frame ({@code pool.map} waits through {@code Pool.map} and {@code
   * ApplyResult.get}); empty for a library's own idle thread, which has none.
   */
  private static Optional<PythonFrame> callerFrame(PythonThread thread) {
    PythonWait wait = thread.waitsFor();
    List<PythonFrame> frames = thread.frames();
    for (int i = wait.frame() + 1; i < frames.size(); i++) {
      if (!UserFrames.isLibrary(frames.get(i).file())) {
        return Optional.of(frames.get(i));
      }
    }
    return Optional.empty();
  }

  private Optional<Finding> poolFinding(
      Inspection inspection,
      WaitGraph graph,
      WaitNode node,
      PythonThread thread,
      List<WaitEdge> wakers) {
    PythonWait.PoolState pool = thread.waitsFor().pool();
    String handler = wakers.get(0).to();
    boolean handlerGone =
        graph.node(handler).map(n -> n.state() == WaitNode.State.ABSENT).orElse(true);
    if (handlerGone) {
      return Optional.of(
          finding(
              inspection,
              graph,
              node,
              thread,
              wakers,
              "the pool's result-handler thread (Pool._handle_results) is gone: it died, so no"
                  + " result the workers send back is ever delivered"));
    }
    if (pool == null || pool.workerPids().isEmpty()) {
      return Optional.empty();
    }
    List<String> idle = new ArrayList<>();
    long youngest = Long.MAX_VALUE;
    long oldest = 0;
    int youngestPid = 0;
    for (int pid : pool.workerPids()) {
      Optional<Inspection> worker = graph.inspection(pid);
      if (worker.isEmpty() || !idleWorker(graph, worker.get())) {
        return Optional.empty();
      }
      long age = worker.get().latest().process().elapsedMillis();
      if (age < youngest) {
        youngest = age;
        youngestPid = pid;
      }
      oldest = Math.max(oldest, age);
      idle.add("PID " + pid);
    }
    if (!taskHandlerIdle(graph, inspection, pool)) {
      return Optional.empty();
    }
    String replaced =
        oldest - youngest > 1000
            ? String.format(
                Locale.ROOT,
                "; PID %d started %.1f s after the oldest worker: it replaced a worker that died"
                    + " (killed, or out of memory) while running a task of this call",
                youngestPid,
                (oldest - youngest) / 1000.0)
            : "";
    return Optional.of(
        finding(
            inspection,
            graph,
            node,
            thread,
            wakers,
            "every worker of the pool ("
                + String.join(", ", idle)
                + ") sits idle waiting for a task and no task is left to hand out, yet a result is"
                + " still awaited: the task went down with a worker"
                + replaced));
  }

  /** A pool worker whose only thread waits in multiprocessing.pool's worker loop for a task. */
  private static boolean idleWorker(WaitGraph graph, Inspection worker) {
    List<WaitNode> threads = graph.threads(worker.pid());
    if (threads.isEmpty()) {
      return false;
    }
    for (WaitNode thread : threads) {
      if (thread.state() == WaitNode.State.RUNNING) {
        return false;
      }
      Optional<PythonThread> python = graph.python(thread);
      boolean inLoop =
          python
              .map(PythonThread::frames)
              .map(
                  frames ->
                      frames.stream()
                          .anyMatch(
                              f ->
                                  f.file() != null
                                      && f.file().endsWith("/multiprocessing/pool.py")
                                      && "worker".equals(f.function())))
              .orElse(false);
      boolean userCode =
          python
              .map(PythonThread::frames)
              .flatMap(UserFrames::innermostUserFrame)
              .map(f -> python.get().frames().indexOf(f))
              .map(index -> index < indexOfWorkerLoop(python.get().frames()))
              .orElse(false);
      if (thread.tid() == worker.pid() && (!inLoop || userCode)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfWorkerLoop(List<PythonFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      PythonFrame f = frames.get(i);
      if (f.file() != null
          && f.file().endsWith("/multiprocessing/pool.py")
          && "worker".equals(f.function())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean taskHandlerIdle(
      WaitGraph graph, Inspection inspection, PythonWait.PoolState pool) {
    PythonStacks python = inspection.latest().python();
    if (python == null) {
      return false;
    }
    for (PythonThread thread : python.threads()) {
      if (thread.threadId() == pool.taskHandlerThreadId()) {
        return graph
            .thread(inspection.pid(), thread.nativeThreadId())
            .map(n -> n.state() != WaitNode.State.RUNNING)
            .orElse(false);
      }
    }
    return true;
  }

  private static Finding finding(
      Inspection inspection,
      WaitGraph graph,
      WaitNode node,
      PythonThread thread,
      List<WaitEdge> wakers,
      String poolReason) {
    PythonWait wait = thread.waitsFor();
    PythonFrame caller = callerFrame(thread).orElseThrow();
    PythonFrame waiting = thread.frames().get(wait.frame());
    String object = what(wait);
    String call = caller.call() != null ? caller.call() + "()" : waiting.qualifiedName() + "()";
    boolean timed = node.state() == WaitNode.State.POLLING;
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "\""
            + node.name()
            + "\" (tid "
            + node.tid()
            + ") waits in "
            + call
            + " at "
            + UserFrames.location(caller)
            + " ("
            + caller.qualifiedName()
            + "): "
            + waiting.qualifiedName()
            + " on "
            + object
            + (timed
                ? ", a timed wait retried in a loop, in every sample of "
                : ", no timeout, unchanged in all ")
            + Lookup.window(inspection));
    List<String> dead = exitedThreads(inspection, wait);
    if (!dead.isEmpty()) {
      evidence.add("exited: " + String.join("; ", dead));
    }
    String who;
    if (poolReason != null) {
      evidence.add(poolReason);
      who = poolReason;
    } else {
      List<String> others = new ArrayList<>();
      for (WaitEdge edge : wakers) {
        graph
            .node(edge.to())
            .filter(n -> n.state() != WaitNode.State.ABSENT)
            .ifPresent(
                n -> others.add("\"" + n.name() + "\" (tid " + n.tid() + ") " + n.activity()));
      }
      who =
          others.isEmpty()
              ? "no other thread of the process is alive"
              : "every other thread of the process is itself blocked for ever: "
                  + String.join("; ", others);
      evidence.add("who could complete it: " + who);
    }
    String died =
        dead.isEmpty()
            ? ""
            : " The thread the code relied on to do it has exited ("
                + String.join("; ", dead)
                + ").";
    String explanation =
        "Nothing can ever complete this wait: "
            + who
            + "."
            + died
            + " The call has no timeout"
            + (timed ? " that ends the loop" : "")
            + ", so it waits for ever and never learns that its producer is gone.";
    return new Finding(
        ID,
        "orphaned wait on " + (wait.objectName() != null ? wait.objectName() : object),
        Confidence.HIGH,
        node.tid(),
        node.name(),
        List.of(caller, waiting),
        evidence,
        explanation,
        fix(wait, caller));
  }

  /** {@code results (queue.Queue)}. */
  private static String what(PythonWait wait) {
    String type =
        wait.objectType() == null ? wait.kind().name().toLowerCase(Locale.ROOT) : wait.objectType();
    return wait.objectName() == null ? "a " + type : wait.objectName() + " (" + type + ")";
  }

  /** The thread objects the waiting code refers to whose thread no longer runs. */
  private static List<String> exitedThreads(Inspection inspection, PythonWait wait) {
    PythonStacks python = inspection.latest().python();
    Set<Long> live = new HashSet<>();
    if (python != null) {
      python.threads().forEach(t -> live.add(t.threadId()));
    }
    List<String> dead = new ArrayList<>();
    for (PythonWait.ThreadRef ref : wait.threads()) {
      if (ref.ident() == -1) {
        dead.add("no " + ref.type() + " thread (a thread class this code defines) is running");
      } else if (ref.ident() != 0 && !live.contains(ref.ident())) {
        dead.add(
            "the thread "
                + ref.variable()
                + " ("
                + ref.type()
                + (ref.name() == null ? "" : " \"" + ref.name() + "\"")
                + ") is no longer running");
      }
    }
    return dead;
  }

  private static String fix(PythonWait wait, PythonFrame caller) {
    String at = " at " + UserFrames.location(caller) + " (" + caller.qualifiedName() + ")";
    String name = wait.objectName() == null ? "it" : wait.objectName();
    return switch (wait.kind()) {
      case POOL_RESULT ->
          "Give the wait a deadline"
              + at
              + ": use map_async(...).get(timeout=...) / apply_async(...).get(timeout=...) and treat"
              + " the timeout as a failed batch; better, use concurrent.futures.ProcessPoolExecutor,"
              + " which raises BrokenProcessPool when a worker dies instead of waiting for ever. Set"
              + " maxtasksperchild only alongside a timeout, and pass an error_callback so a worker's"
              + " exception is seen.";
      case QUEUE_GET, QUEUE_JOIN, QUEUE_PUT ->
          "Wait with a timeout"
              + at
              + " ("
              + name
              + ".get(timeout=...)) and check whether the producing threads are still alive when it"
              + " expires; make each producer put its result or an error (or a sentinel) on the"
              + " queue in a finally block, so a producer that dies still wakes the consumer.";
      case FUTURE ->
          "Wait with a timeout"
              + at
              + " (future.result(timeout=...)) and make the code that completes the future set an"
              + " exception on it in a finally block when it fails.";
      default ->
          "Wait with a timeout"
              + at
              + " ("
              + name
              + ".wait(timeout)) and give up, or re-check that whoever should set it is alive, when it"
              + " expires; make the code that should set it set it (or record the failure) in a"
              + " finally block, so its failure does not leave this thread waiting for ever.";
    };
  }
}
