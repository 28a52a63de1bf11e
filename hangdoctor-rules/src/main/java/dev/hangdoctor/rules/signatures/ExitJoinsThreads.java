package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.graph.WaitGraph;
import dev.hangdoctor.rules.internal.Futexes;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The script's main code has returned, and the interpreter, exiting, waits for threads that never
 * finish: the main thread is in {@code threading._shutdown} (which joins every non-daemon thread,
 * after running {@code concurrent.futures}' exit hook that joins every pool worker) in a futex wait
 * without a timeout for the whole window, while non-daemon threads sit blocked. One finding per
 * such thread, since each must be fixed for the process to exit.
 */
final class ExitJoinsThreads implements Rule {
  static final String ID = "exit-joins-threads";

  /** CPU % at which a thread the exit waits for counts as spinning rather than progressing. */
  private static final double SPINNING_CPU_PERCENT = 80;

  /** How far the main thread got into interpreter exit, read from its Python stack. */
  private enum Stage {
    /** {@code concurrent.futures}' {@code _python_exit}, joining pool workers. */
    POOL_EXIT_HOOK,
    /** {@code threading._shutdown}, joining non-daemon threads. */
    THREADING_SHUTDOWN,
    /** No Python frame at all: only the kernel wait says the thread is waiting. */
    NO_PYTHON_FRAMES,
    NOT_EXITING
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    return evaluate(inspection, WaitGraph.of(inspection));
  }

  @Override
  public List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    int mainTid = inspection.pid();
    Optional<ThreadActivity> main = Lookup.activity(inspection, mainTid);
    if (main.isEmpty()
        || !main.get().waitUnchanged()
        || !Futexes.waitsForever(main.get().kernelWait().syscall())) {
      return List.of();
    }
    Stage stage = stageInEverySample(inspection, mainTid);
    if (stage == Stage.NOT_EXITING) {
      return List.of();
    }
    List<PythonFrame> mainFrames = Lookup.frames(inspection.latest(), mainTid);
    List<Finding> findings = new ArrayList<>();
    for (PythonThread thread : inspection.latest().python().threads()) {
      if (thread.nativeThreadId() == mainTid || thread.knownDaemon() || thread.problem() != null) {
        continue;
      }
      Optional<ThreadActivity> activity = Lookup.activity(inspection, thread.nativeThreadId());
      if (activity.isPresent() && stuck(activity.get())) {
        Optional<WaitNode> writer = childWriter(inspection, graph, thread);
        findings.add(
            writer.isPresent()
                ? childFinding(
                    inspection, stage, main.get(), mainFrames, thread, activity.get(), writer.get())
                : finding(inspection, stage, main.get(), mainFrames, thread, activity.get()));
      }
    }
    return findings;
  }

  /**
   * The other process, still going, that holds the write end of the pipe {@code thread} reads: a
   * child (or a grandchild that inherited the pipe) that keeps it open.
   */
  private static Optional<WaitNode> childWriter(
      Inspection inspection, WaitGraph graph, PythonThread thread) {
    String id = WaitNode.threadId(inspection.pid(), thread.nativeThreadId());
    for (WaitEdge edge : graph.from(id)) {
      if (edge.relation() != WaitEdge.Relation.WRITTEN_BY || edge.to() == null) {
        continue;
      }
      Optional<WaitNode> writer = graph.node(edge.to());
      if (writer.isPresent()
          && writer.get().pid() != inspection.pid()
          && writer.get().state() != WaitNode.State.EXITED
          && graph.canProgress(writer.get().id())) {
        return writer;
      }
    }
    return Optional.empty();
  }

  private static Finding childFinding(
      Inspection inspection,
      Stage stage,
      ThreadActivity main,
      List<PythonFrame> mainFrames,
      PythonThread thread,
      ThreadActivity activity,
      WaitNode writer) {
    Finding base = finding(inspection, stage, main, mainFrames, thread, activity);
    List<PythonFrame> keyFrames = base.keyFrames();
    String name = Lookup.threadName(inspection, activity);
    String where =
        keyFrames.isEmpty()
            ? "its read"
            : UserFrames.location(keyFrames.get(0)) + " (" + keyFrames.get(0).qualifiedName() + ")";
    List<String> evidence = new ArrayList<>(base.evidence());
    evidence.add(
        "the write end of the pipe "
            + name
            + " reads is held by PID "
            + writer.pid()
            + " ("
            + writer.name()
            + "), which runs on: the read sees end of file only when it exits or closes it");
    String explanation =
        "The main code has finished and the interpreter is exiting, but exit first joins every"
            + " non-daemon thread. "
            + name
            + " is reading the output of PID "
            + writer.pid()
            + " at "
            + where
            + " until end of file, and that process runs on with the pipe open (a child, or a"
            + " grandchild that inherited the pipe), so the read never ends and neither does the"
            + " exit.";
    String fix =
        "Before the main code returns, end the child or stop waiting for it: terminate it"
            + " (proc.terminate(), then proc.wait(timeout=...), proc.kill() if it does not stop),"
            + " or read with a timeout and stop the reader thread (or make it a daemon) once the"
            + " child's own exit status is in; keep long-lived grandchildren off the pipe"
            + " (start them with stdout redirected to a file or subprocess.DEVNULL, or with"
            + " start_new_session=True and their own output) so the reader gets end of file when"
            + " the direct child exits.";
    return new Finding(
        "exit-waits-on-child",
        "interpreter exit waits for a thread reading child PID " + writer.pid() + "'s output",
        base.confidence(),
        base.tid(),
        base.threadName(),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** Blocked in the same wait for the whole window, or burning CPU: either way it never ends. */
  private static boolean stuck(ThreadActivity thread) {
    return thread.waitUnchanged() || thread.cpuPercent() >= SPINNING_CPU_PERCENT;
  }

  private static Stage stageInEverySample(Inspection inspection, int mainTid) {
    Stage stage = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> main = Lookup.pythonThread(sample, mainTid);
      if (main.isEmpty()) {
        return Stage.NOT_EXITING;
      }
      Stage now = stageOf(main.get().frames());
      if (stage != null && now != stage) {
        return Stage.NOT_EXITING;
      }
      stage = now;
    }
    return stage == null ? Stage.NOT_EXITING : stage;
  }

  private static Stage stageOf(List<PythonFrame> frames) {
    if (frames.isEmpty()) {
      return Stage.NO_PYTHON_FRAMES;
    }
    PythonFrame outermost = frames.get(frames.size() - 1);
    if (!is(outermost, "/threading.py", "_shutdown")) {
      return Stage.NOT_EXITING;
    }
    boolean inPoolHook =
        frames.stream()
            .anyMatch(
                frame ->
                    is(frame, "/concurrent/futures/thread.py", "_python_exit")
                        || is(frame, "/concurrent/futures/process.py", "_python_exit"));
    return inPoolHook ? Stage.POOL_EXIT_HOOK : Stage.THREADING_SHUTDOWN;
  }

  private static boolean is(PythonFrame frame, String fileSuffix, String function) {
    return frame.file() != null
        && frame.file().endsWith(fileSuffix)
        && function.equals(frame.function());
  }

  private static boolean isPoolWorker(List<PythonFrame> frames) {
    return frames.stream().anyMatch(frame -> is(frame, "/concurrent/futures/thread.py", "_worker"));
  }

  private static Finding finding(
      Inspection inspection,
      Stage stage,
      ThreadActivity main,
      List<PythonFrame> mainFrames,
      PythonThread thread,
      ThreadActivity activity) {
    List<PythonFrame> frames = thread.frames();
    List<PythonFrame> keyFrames = UserFrames.keyFrames(frames);
    boolean poolWorker = isPoolWorker(frames);
    String name = Lookup.threadName(inspection, activity);
    String window = Lookup.window(inspection);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        "MainThread (tid "
            + main.tid()
            + ") is in interpreter exit: "
            + exitWhere(stage, mainFrames)
            + ", "
            + main.kernelWait().describe()
            + " without a timeout, unchanged in all "
            + window);
    if (activity.waitUnchanged()) {
      evidence.add(
          name + " waits in " + Lookup.waitAndSocket(inspection, activity) + ", unchanged too");
    } else {
      evidence.add(
          String.format(
              Locale.ROOT,
              "%s runs at %.0f %% CPU and never returns",
              name,
              activity.cpuPercent()));
    }
    evidence.add(
        thread.daemon() == null
            ? name + ": daemon flag unknown (threading does not know this thread)"
            : name
                + (poolWorker ? " is a ThreadPoolExecutor worker" : " is not a daemon thread")
                + " (daemon=False), so exit waits for it");

    String where =
        keyFrames.isEmpty()
            ? "its current call"
            : UserFrames.location(keyFrames.get(0)) + " (" + keyFrames.get(0).qualifiedName() + ")";
    String explanation =
        "The main code has finished and the interpreter is exiting, but exit first "
            + (poolWorker
                ? "runs concurrent.futures' exit hook, which joins every ThreadPoolExecutor worker"
                : "joins every non-daemon thread")
            + ", without a timeout. "
            + name
            + " is blocked at "
            + where
            + " and never finishes, so the process never exits.";
    String timeout = TimeoutAdvice.forCall(frames, activity.kernelWait().syscall());
    String stop =
        poolWorker
            ? "shut the pool down explicitly before main returns"
                + " (executor.shutdown(wait=False, cancel_futures=True)) once the task has a way"
                + " to finish"
            : "start the thread with daemon=True if it must not keep the process alive, or give it"
                + " a stop signal (a threading.Event its loop checks) and set it before main"
                + " returns";
    String fix =
        "At "
            + where
            + ": "
            + timeout
            + ". Then "
            + stop
            + ". As a last resort against any remaining hang at exit, arm an exit watchdog"
            + " (faulthandler.dump_traceback_later(30, exit=True) at the end of main) so the"
            + " process dumps its stacks and exits.";
    Confidence confidence =
        stage == Stage.NO_PYTHON_FRAMES || thread.daemon() == null
            ? Confidence.MEDIUM
            : Confidence.HIGH;
    return new Finding(
        ID,
        poolWorker
            ? "interpreter exit waits for a thread-pool worker"
            : "interpreter exit waits for a non-daemon thread",
        confidence,
        activity.tid(),
        name,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static String exitWhere(Stage stage, List<PythonFrame> mainFrames) {
    return switch (stage) {
      case POOL_EXIT_HOOK ->
          "concurrent.futures' exit hook "
              + mainFrames.stream()
                  .filter(frame -> "_python_exit".equals(frame.function()))
                  .findFirst()
                  .map(frame -> "_python_exit (" + UserFrames.location(frame) + ")")
                  .orElse("_python_exit")
              + " joining the pool's workers";
      case THREADING_SHUTDOWN ->
          "threading._shutdown ("
              + UserFrames.location(mainFrames.get(mainFrames.size() - 1))
              + ") joining non-daemon threads";
      default -> "no Python frame left on the main thread, which waits on a futex";
    };
  }
}
