package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonLock;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lock held by no thread of the process that waits for it, in a process made by {@code fork()}:
 * the child got the lock in the state it had in the parent, held by a parent thread that does not
 * exist in the child, so nobody will ever release it. The fork shows in the child's own stack
 * ({@code multiprocessing}'s fork start method, {@code subprocess}'s {@code preexec_fn}) or in its
 * parent (the same program, not exec'd); when the parent was inspected too, its thread that holds
 * the same lock is named.
 */
final class LockInheritedAcrossFork implements Rule {
  static final String ID = "lock-inherited-across-fork";

  /** How the process came out of fork. */
  enum Fork {
    MULTIPROCESSING,
    PREEXEC_FN,
    OS_FORK,
    NONE
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no thread waits for a lock that no thread of its process holds";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    List<Finding> findings = new ArrayList<>();
    String absent = WaitNode.absentId(inspection.pid());
    for (WaitNode node : graph.threads(inspection.pid())) {
      if (node.state() != WaitNode.State.BLOCKED) {
        continue;
      }
      for (WaitEdge edge : graph.from(node.id())) {
        if (edge.relation() != WaitEdge.Relation.HELD_BY || !absent.equals(edge.to())) {
          continue;
        }
        List<PythonFrame> frames = graph.python(node).map(PythonThread::frames).orElse(List.of());
        Optional<Inspection> parent = parentCopy(inspection, graph);
        Fork fork = forkOf(frames, parent.isPresent());
        if (fork != Fork.NONE) {
          findings.add(finding(inspection, graph, node, edge, frames, fork, parent));
        }
      }
    }
    return findings;
  }

  /** How a process whose stack is {@code frames} was forked; NONE when nothing says it was. */
  static Fork forkOf(List<PythonFrame> frames, boolean parentIsSameProgram) {
    for (PythonFrame frame : frames) {
      String file = frame.file() == null ? "" : frame.file();
      if (file.endsWith("/multiprocessing/popen_fork.py")) {
        return Fork.MULTIPROCESSING;
      }
      if (file.endsWith("/subprocess.py") && "_execute_child".equals(frame.function())) {
        return Fork.PREEXEC_FN;
      }
    }
    return parentIsSameProgram ? Fork.OS_FORK : Fork.NONE;
  }

  /** The inspected parent of {@code child} when it runs the very same command line. */
  private static Optional<Inspection> parentCopy(Inspection child, WaitGraph graph) {
    ProcessInfo process = child.latest().process();
    return graph
        .inspection(process.ppid())
        .filter(parent -> parent.pid() != child.pid())
        .filter(
            parent ->
                parent.latest().process().cmdline().equals(process.cmdline())
                    && java.util.Objects.equals(parent.latest().process().exe(), process.exe()));
  }

  private static Finding finding(
      Inspection inspection,
      WaitGraph graph,
      WaitNode node,
      WaitEdge edge,
      List<PythonFrame> frames,
      Fork fork,
      Optional<Inspection> parent) {
    LockStory story = new LockStory(graph);
    PythonLock lock = story.waitedLock(node.id()).orElse(null);
    String lockText = story.lockName(edge);
    String lockShort = lock != null && lock.name() != null ? lock.name() : lockText;
    Optional<PythonFrame> waitFrame = story.waitFrame(node.id());
    int ppid = inspection.latest().process().ppid();
    Optional<PythonFrame> forkSite = forkSite(frames, fork);

    List<PythonFrame> keyFrames = new ArrayList<>();
    waitFrame.ifPresent(keyFrames::add);
    forkSite.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        story.who(node.id())
            + " waits for "
            + lockText
            + LockStory.at(waitFrame)
            + ": "
            + Lookup.activity(inspection, node.tid()).map(t -> t.kernelWait().describe()).orElse("")
            + ", unchanged in all "
            + Lookup.window(inspection));
    evidence.add(
        "the lock is held, and no thread of PID "
            + inspection.pid()
            + " holds it ("
            + inspection.window().threads().size()
            + " thread(s): none has it in a with block"
            + (lock != null && lock.reentrant() ? " or is its RLock owner" : "")
            + ")");
    evidence.add(forkEvidence(fork, inspection, ppid, forkSite, parent));
    parent.flatMap(p -> parentHolder(p, lock)).ifPresent(line -> evidence.add(line));

    String explanation =
        "PID "
            + inspection.pid()
            + " was made by fork() from PID "
            + ppid
            + (fork == Fork.MULTIPROCESSING
                ? " (multiprocessing's fork start method)"
                : fork == Fork.PREEXEC_FN ? " (subprocess, running preexec_fn before exec)" : "")
            + ". fork() copies every lock in the state it has at that moment but only the thread"
            + " that called fork: "
            + lockShort
            + " was held by another thread of the parent, which does not exist in the child, so"
            + " nobody will ever release it and the child waits for ever.";
    String fix =
        switch (fork) {
          case MULTIPROCESSING ->
              "Do not fork worker processes from a process that runs"
                  + " threads: use the spawn or forkserver start method"
                  + " (multiprocessing.get_context(\"spawn\"), or"
                  + " ProcessPoolExecutor(mp_context=multiprocessing.get_context(\"spawn\"))), or"
                  + " create the pool before starting any thread"
                  + forkSite
                      .map(f -> " (the pool is started at " + UserFrames.location(f) + ")")
                      .orElse("")
                  + ".";
          case PREEXEC_FN ->
              "Do not pass preexec_fn to subprocess in a program that runs"
                  + " threads: it runs in the fork child, where a lock another thread held is held"
                  + " for ever. Use Popen's own parameters instead (start_new_session=True,"
                  + " process_group=, user=, group=, umask=, env=), or wrap the command (nice, prlimit,"
                  + " setpriv), and take no lock in code that runs between fork and exec.";
          default ->
              "Do not call os.fork() while other threads may hold locks: start the child"
                  + " with subprocess or with multiprocessing's spawn start method, or make sure no"
                  + " lock is held at fork (os.register_at_fork(before=lock.acquire,"
                  + " after_in_parent=lock.release, after_in_child=lock.release) for your own locks).";
        };
    return new Finding(
        ID,
        lockShort + " inherited held across fork",
        Confidence.HIGH,
        node.tid(),
        node.name(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** The user frame that started the fork: the caller of the library code that forked. */
  private static Optional<PythonFrame> forkSite(List<PythonFrame> frames, Fork fork) {
    int from = -1;
    for (int i = 0; i < frames.size(); i++) {
      String file = frames.get(i).file() == null ? "" : frames.get(i).file();
      if ((fork == Fork.MULTIPROCESSING && file.endsWith("/multiprocessing/popen_fork.py"))
          || (fork == Fork.PREEXEC_FN && "_execute_child".equals(frames.get(i).function()))) {
        from = i;
      }
    }
    if (from < 0) {
      return Optional.empty();
    }
    for (int i = from + 1; i < frames.size(); i++) {
      if (!UserFrames.isLibrary(frames.get(i).file())) {
        return Optional.of(frames.get(i));
      }
    }
    return Optional.empty();
  }

  private static String forkEvidence(
      Fork fork,
      Inspection inspection,
      int ppid,
      Optional<PythonFrame> site,
      Optional<Inspection> parent) {
    String where =
        site.map(f -> ", started at " + UserFrames.location(f) + " (" + f.qualifiedName() + ")")
            .orElse("");
    return switch (fork) {
      case MULTIPROCESSING ->
          "PID "
              + inspection.pid()
              + " is a multiprocessing worker forked from PID "
              + ppid
              + " (Popen._launch in multiprocessing/popen_fork.py on its stack"
              + where
              + ")";
      case PREEXEC_FN ->
          "PID "
              + inspection.pid()
              + " is a subprocess child forked from PID "
              + ppid
              + " that has not reached exec: it runs preexec_fn (Popen._execute_child on its stack"
              + where
              + ")";
      default ->
          "PID "
              + inspection.pid()
              + " is a fork of PID "
              + ppid
              + ", the same program ("
              + parent.map(p -> p.latest().process().commandLine()).orElse("?")
              + ") without exec";
    };
  }

  /** The parent's thread that holds the lock at the same address, when it still does. */
  private static Optional<String> parentHolder(Inspection parent, PythonLock lock) {
    PythonStacks python = parent.latest().python();
    if (lock == null || python == null || python.status() != PythonStacks.Status.READ) {
      return Optional.empty();
    }
    for (PythonThread thread : python.threads()) {
      for (PythonLockHold hold : thread.holds()) {
        if (hold.lock().address() == lock.address()) {
          String frame =
              hold.frame() >= 0 && hold.frame() < thread.frames().size()
                  ? " (taken at "
                      + thread.frames().get(hold.frame()).file()
                      + ":"
                      + (hold.line() > 0 ? hold.line() : thread.frames().get(hold.frame()).line())
                      + " in "
                      + thread.frames().get(hold.frame()).qualifiedName()
                      + ")"
                  : "";
          return Optional.of(
              "in the parent PID "
                  + parent.pid()
                  + " the same lock is held by \""
                  + thread.name()
                  + "\" (tid "
                  + thread.nativeThreadId()
                  + ")"
                  + frame);
        }
      }
    }
    return Optional.empty();
  }
}
