package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.WorkerPools;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The exit of an event loop waiting for its default executor: {@code asyncio.run()} (and {@code
 * anyio.run} on asyncio, uvicorn's runner) leaving through {@code Runner.close}, which runs {@code
 * loop.shutdown_default_executor()} — a thread {@code _do_shutdown} joins the executor while the
 * loop idles — or {@code loop.close()} joining it directly, while a worker of the executor sits in
 * a call that never returns (a job whose awaiting task was cancelled: the thread runs on). HIGH
 * when such a worker is blocked, unchanged, for the whole window; MEDIUM when the workers still
 * compute. On 3.12+ {@code asyncio.run} gives up after 300 s and the interpreter's exit joins the
 * worker instead ({@code exit-joins-threads}).
 */
final class LoopExitJoinsExecutor implements Rule {
  static final String ID = "loop-exit-joins-executor";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no event loop was closing while its executor's workers ran";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    for (ThreadActivity thread : inspection.window().threads()) {
      Optional<PythonFrame> exit = exitFrameThroughout(inspection, thread.tid());
      if (exit.isPresent()) {
        return finding(inspection, thread, exit.get()).stream().toList();
      }
    }
    return List.of();
  }

  /** {@code Runner.close} or {@code BaseEventLoop.close} on the thread's stack in every sample. */
  private static Optional<PythonFrame> exitFrameThroughout(Inspection inspection, int tid) {
    PythonFrame exit = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonFrame> here =
          Lookup.frames(sample, tid).stream().filter(LoopExitJoinsExecutor::isLoopExit).findFirst();
      if (here.isEmpty()) {
        return Optional.empty();
      }
      exit = here.get();
    }
    return Optional.ofNullable(exit);
  }

  private static boolean isLoopExit(PythonFrame frame) {
    String file = frame.file() == null ? "" : frame.file();
    return (file.endsWith("/asyncio/runners.py") && "Runner.close".equals(frame.qualifiedName()))
        || (file.endsWith("/asyncio/base_events.py")
            && ("BaseEventLoop.close".equals(frame.qualifiedName())
                || "BaseEventLoop.shutdown_default_executor".equals(frame.qualifiedName())));
  }

  /** A default-executor worker running a job, with whether it sat still all window. */
  private record Job(ThreadActivity thread, String name, List<PythonFrame> frames) {
    boolean blocked() {
      return thread.waitUnchanged()
          && thread.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
    }
  }

  private static Optional<Finding> finding(
      Inspection inspection, ThreadActivity loop, PythonFrame exit) {
    List<Job> jobs = new ArrayList<>();
    Optional<ThreadActivity> joiner = Optional.empty();
    for (ThreadActivity thread : inspection.window().threads()) {
      List<PythonFrame> frames = Lookup.frames(inspection.latest(), thread.tid());
      String name = Lookup.threadName(inspection, thread);
      if (frames.stream().anyMatch(LoopExitJoinsExecutor::isDoShutdown)) {
        joiner = Optional.of(thread);
      }
      WorkerPools.read(frames, name)
          .filter(w -> w.kind() == WorkerPools.EXECUTOR && w.busy())
          .ifPresent(w -> jobs.add(new Job(thread, name, frames)));
    }
    if (jobs.isEmpty()) {
      return Optional.empty();
    }
    jobs.sort(Comparator.comparing(job -> !job.blocked()));
    Job first = jobs.get(0);
    boolean blocked = first.blocked();
    Optional<PythonFrame> jobSite = UserFrames.innermostUserFrame(first.frames());
    List<PythonFrame> loopFrames = Lookup.frames(inspection.latest(), loop.tid());
    Optional<PythonFrame> caller = UserFrames.innermostUserFrame(loopFrames);

    List<PythonFrame> keyFrames = new ArrayList<>(UserFrames.keyFrames(first.frames()));
    caller.ifPresent(keyFrames::add);
    keyFrames.add(exit);

    String jobText =
        jobSite.map(f -> UserFrames.location(f) + " (" + f.qualifiedName() + ")").orElse("a job");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        Lookup.threadName(inspection, loop)
            + " (tid "
            + loop.tid()
            + ") is leaving the event loop in "
            + exit.qualifiedName()
            + " ("
            + UserFrames.location(exit)
            + ")"
            + caller.map(f -> ", called from " + UserFrames.location(f)).orElse("")
            + ", in all "
            + Lookup.window(inspection)
            + ": it waits for the default executor to shut down");
    joiner.ifPresent(
        t ->
            evidence.add(
                Lookup.threadName(inspection, t)
                    + " (tid "
                    + t.tid()
                    + ") joins the executor's workers in ThreadPoolExecutor.shutdown, "
                    + t.kernelWait().describe()));
    for (Job job : jobs) {
      evidence.add(
          "executor worker "
              + job.name()
              + " (tid "
              + job.thread().tid()
              + ") still runs "
              + UserFrames.innermostUserFrame(job.frames())
                  .map(f -> UserFrames.location(f) + " (" + f.qualifiedName() + ")")
                  .orElse("a job")
              + " in "
              + Lookup.waitAndSocket(inspection, job.thread())
              + (job.blocked() ? ", unchanged" : ""));
    }
    String explanation =
        "asyncio.run() (Runner.close → loop.shutdown_default_executor()) and loop.close() wait"
            + " for every job of the loop's default executor to finish before the program can"
            + " go on or exit. The job at "
            + jobText
            + (blocked
                ? " is blocked in a call that does not return, so they wait for ever. Cancelling"
                    + " the task that awaited it (run_in_executor, asyncio.to_thread, wait_for's"
                    + " timeout) never stopped the thread: a thread cannot be cancelled."
                : " is still running, so the exit waits for it.")
            + " (On 3.12+ asyncio.run gives up after 300 s, and the interpreter's exit then joins"
            + " the same thread.)";
    String fix =
        "At "
            + jobText
            + ": make the job end by itself — "
            + TimeoutAdvice.forCall(first.frames(), first.thread().kernelWait().syscall())
            + ", and wake it at shutdown (a sentinel, closing its source). A reader that must"
            + " live as long as the program belongs in a daemon thread of its own, not in the"
            + " loop's executor.";
    return Optional.of(
        new Finding(
            ID,
            "event loop exit waits for an executor job that never ends",
            blocked ? Confidence.HIGH : Confidence.MEDIUM,
            loop.tid(),
            Lookup.threadName(inspection, loop),
            keyFrames,
            evidence,
            explanation,
            fix));
  }

  private static boolean isDoShutdown(PythonFrame frame) {
    return frame.file() != null
        && frame.file().endsWith("/asyncio/base_events.py")
        && "_do_shutdown".equals(frame.function());
  }
}
