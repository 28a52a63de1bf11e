package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WorkerJob;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A cancel that cannot reach a thread: a worker of {@code asyncio.to_thread} / {@code
 * run_in_executor}, {@code anyio.to_thread.run_sync} or {@code trio.to_thread.run_sync} still runs
 * a job whose awaiting task has given up — cancelled, timed out ({@code wait_for}, {@code
 * move_on_after}) — as read from the task's side in memory ({@link WorkerJob}) in every sample. A
 * thread cannot be cancelled, so the call runs on (and keeps its pool slot, and may keep the task
 * or the program's exit waiting). HIGH when such a worker is blocked, unchanged, in a system call
 * for the whole window; MEDIUM when it still computes.
 */
final class CancelledThreadStillRunning implements Rule {
  static final String ID = "cancelled-thread-still-running";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return "no worker thread runs a job whose awaiting task was cancelled or timed out";
  }

  /** A worker whose job's task gave up, in every sample. */
  private record Abandoned(ThreadActivity thread, PythonThread python) {
    boolean blocked() {
      return thread.waitUnchanged()
          && thread.kernelWait().syscall().status() == SyscallState.Status.IN_SYSCALL;
    }
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Abandoned> abandoned = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      cancelledThroughout(inspection, thread.tid())
          .ifPresent(python -> abandoned.add(new Abandoned(thread, python)));
    }
    if (abandoned.isEmpty()) {
      return List.of();
    }
    abandoned.sort(Comparator.comparing((Abandoned a) -> !a.blocked()));
    return List.of(finding(inspection, abandoned));
  }

  private static Optional<PythonThread> cancelledThroughout(Inspection inspection, int tid) {
    PythonThread latest = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> here = Lookup.pythonThread(sample, tid);
      if (here.isEmpty() || here.get().job() == null || !here.get().job().knownCancelled()) {
        return Optional.empty();
      }
      latest = here.get();
    }
    return Optional.ofNullable(latest);
  }

  private static Finding finding(Inspection inspection, List<Abandoned> abandoned) {
    Abandoned first = abandoned.get(0);
    WorkerJob job = first.python().job();
    List<PythonFrame> frames = first.python().frames();
    // The await in the task that handed the job over: the user's line when the job itself is
    // library or built-in code (trio.wrap_file's readline runs no frame of the user's).
    Optional<PythonFrame> awaiting =
        TaskGraphs.awaitingWorker(inspection.latest(), first.thread().tid())
            .flatMap(TaskGraphs::awaitingUserFrame);
    Optional<PythonFrame> site = UserFrames.innermostUserFrame(frames).or(() -> awaiting);
    String siteText =
        site.map(f -> UserFrames.location(f) + " (" + f.qualifiedName() + ")").orElse("its job");
    String callText =
        site.map(PythonFrame::call).filter(c -> c != null).map(c -> c + "(…)").orElse("a call");
    boolean blocked = first.blocked();

    List<String> evidence = new ArrayList<>();
    for (Abandoned a : abandoned) {
      List<PythonFrame> own = a.python().frames();
      Optional<PythonFrame> ownSite = UserFrames.innermostUserFrame(own);
      evidence.add(
          Lookup.threadName(inspection, a.thread())
              + " (tid "
              + a.thread().tid()
              + ", a worker of "
              + a.python().job().origin().call()
              + ") still runs "
              + ownSite
                  .map(
                      f ->
                          UserFrames.location(f)
                              + " ("
                              + f.qualifiedName()
                              + ")"
                              + (f.call() == null ? "" : ", calling " + f.call()))
                  .orElse("its job")
              + ", in "
              + Lookup.waitAndSocket(inspection, a.thread())
              + (a.blocked() ? ", unchanged for " + Lookup.window(inspection) : ""));
    }
    evidence.add("read from the task's side: " + job.detail());
    String count =
        abandoned.size() == 1
            ? "A worker thread"
            : abandoned.size() + " worker threads (one per abandoned call)";
    String explanation =
        job.taskStillWaits()
            ? stillWaitingExplanation(count, job, siteText, blocked, callText, abandoned.size())
            : abandonedExplanation(count, job, siteText, blocked, callText, abandoned.size());
    String fix =
        "At "
            + siteText
            + ": make the call itself time out — "
            + TimeoutAdvice.forCall(frames, first.thread().kernelWait().syscall())
            + " — shorter than the timeout around it, so the thread ends when the task gives up."
            + " abandon_on_cancel=True (anyio/trio) only hides it: the thread runs on unseen.";
    List<PythonFrame> keyFrames = new ArrayList<>(UserFrames.keyFrames(frames));
    awaiting.filter(f -> !keyFrames.contains(f)).ifPresent(keyFrames::add);
    return new Finding(
        ID,
        "cancelled " + job.origin().call() + " call still running in its thread",
        blocked ? Confidence.HIGH : Confidence.MEDIUM,
        first.thread().tid(),
        Lookup.threadName(inspection, first.thread()),
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  /** The task gave up and stopped waiting: the thread runs on alone. */
  private static String abandonedExplanation(
      String count, WorkerJob job, String siteText, boolean blocked, String callText, int n) {
    return count
        + " of "
        + job.origin().call()
        + " still run"
        + (n == 1 ? "s " : " ")
        + siteText
        + ", although the task that awaited "
        + (n == 1 ? "it" : "them")
        + " was cancelled or timed out. Cancelling the task (a timeout, a cancel scope's"
        + " deadline, cancel()) only stops the waiting: Python cannot interrupt a thread, so"
        + " the call goes on "
        + (blocked ? "blocked in " + callText + ", which never returns" : "running")
        + ", holding its worker slot"
        + (job.origin() == WorkerJob.Origin.ASYNCIO_EXECUTOR
            ? "; each retry adds another stuck thread until the default executor is full, and"
                + " asyncio.run()'s exit will wait for them."
            : "; the task (or the next one) waits for it or finds the limiter's tokens gone.");
  }

  /** The cancel reached the task, which still waits for the thread (a shielded wait). */
  private static String stillWaitingExplanation(
      String count, WorkerJob job, String siteText, boolean blocked, String callText, int n) {
    return count
        + " of "
        + job.origin().call()
        + " still run"
        + (n == 1 ? "s " : " ")
        + siteText
        + ", although a cancel (its deadline: fail_after, move_on_after, or cancel()) already"
        + " reached the task that awaits "
        + (n == 1 ? "it" : "them")
        + ". Python cannot interrupt a thread, and the wait for it cannot be cancelled (anyio"
        + " shields it; trio waits unless abandon_on_cancel=True), so the task stays inside"
        + " run_sync until the call returns: the deadline bounds nothing, and"
        + " fail_after's TimeoutError (or move_on_after's moving on) comes only then. The call"
        + " is "
        + (blocked ? "blocked in " + callText + ", which never returns" : "still running")
        + ", so the task, its caller (a request, a job) and the thread's limiter token wait"
        + " with it.";
  }
}
