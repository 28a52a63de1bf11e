package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaIo;
import dev.hangdoctor.rules.internal.JavaStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thread waiting for an executor to terminate ({@code awaitTermination}, {@code
 * ExecutorService.close()}) while the executor's tasks are stuck in calls that do not return: the
 * shutdown waits for ever. Pool workers inside a task (not idle) whose stack and kernel wait did
 * not move over the window are the tasks it waits for; the JSON dump's virtual threads stand in for
 * the tasks of a thread-per-task executor.
 */
final class JvmExecutorCloseWaits implements Rule {
  static final String ID = "jvm-executor-close-waits";

  private static final List<String[]> TERMINATION_WAITS =
      List.of(
          new String[] {"java.util.concurrent.ThreadPoolExecutor", "awaitTermination"},
          new String[] {"java.util.concurrent.ForkJoinPool", "awaitTermination"},
          new String[] {"java.util.concurrent.ThreadPerTaskExecutor", "awaitTermination"},
          new String[] {"java.util.concurrent.ExecutorService", "close"},
          new String[] {"java.util.concurrent.ForkJoinPool", "close"},
          new String[] {"java.util.concurrent.ThreadPerTaskExecutor", "close"});

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no thread waits for an executor to terminate while its tasks are stuck";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (JavaThread closer : stacks.get().applicationThreads()) {
      Optional<JavaFrame> wait = terminationWait(closer);
      if (wait.isEmpty() || !stacks.get().stuck(closer)) {
        continue;
      }
      List<JavaThread> stuck = stuckTasks(stacks.get(), closer, wait.get());
      if (!stuck.isEmpty()) {
        findings.add(finding(stacks.get(), closer, wait.get(), stuck));
      }
    }
    return findings;
  }

  private static Optional<JavaFrame> terminationWait(JavaThread thread) {
    for (JavaFrame frame : thread.frames()) {
      for (String[] wait : TERMINATION_WAITS) {
        if (frame.className().equals(wait[0]) && frame.method().equals(wait[1])) {
          return Optional.of(frame);
        }
      }
    }
    return Optional.empty();
  }

  /** Workers running a task, stuck over the window; or a thread-per-task executor's threads. */
  private static List<JavaThread> stuckTasks(JavaStacks stacks, JavaThread closer, JavaFrame wait) {
    boolean perTask = wait.className().equals("java.util.concurrent.ThreadPerTaskExecutor");
    List<JavaThread> stuck = new ArrayList<>();
    for (JavaThread thread : stacks.applicationThreads()) {
      if (thread == closer || Pools.carrier(thread)) {
        continue;
      }
      boolean poolTask =
          JavaFrames.contains(
                  thread.frames(), "java.util.concurrent.ThreadPoolExecutor", "runWorker")
              && !Pools.idle(thread);
      boolean perTaskThread =
          perTask
              && JavaFrames.containsClass(
                  thread.frames(), "java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture");
      if ((poolTask || perTaskThread) && stacks.stuck(thread)) {
        stuck.add(thread);
      }
    }
    return stuck;
  }

  private static Finding finding(
      JavaStacks stacks, JavaThread closer, JavaFrame wait, List<JavaThread> stuck) {
    List<PythonFrame> keyFrames = new ArrayList<>(JavaFrames.keyFrames(closer.frames()));
    for (PythonFrame frame : JavaFrames.keyFrames(stuck.get(0).frames())) {
      if (!keyFrames.contains(frame)) {
        keyFrames.add(frame);
      }
    }
    String closing = wait.simpleClassName() + "." + wait.method();
    String at =
        JavaFrames.innermostApplicationFrame(closer.frames())
            .map(JavaFrames::shortly)
            .orElse("its caller");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        JavaStacks.who(closer)
            + " waits in "
            + closing
            + " at "
            + at
            + ", unchanged in every dump");
    boolean allUntimed = true;
    for (JavaThread task : stuck) {
      boolean untimedRead = JavaIo.untimedSocketRead(task.frames());
      allUntimed &= untimedRead || untimedPark(task);
      String where =
          JavaFrames.innermostApplicationFrame(task.frames())
              .map(f -> " at " + JavaFrames.shortly(f))
              .orElse("");
      String call =
          JavaFrames.call(task.frames())
              .map(f -> " in " + f.simpleClassName() + "." + f.method())
              .orElse("");
      String kernel = stacks.kernelLine(task);
      evidence.add(
          "task still running on "
              + JavaStacks.who(task)
              + call
              + where
              + (untimedRead ? " (a socket read with no timeout)" : "")
              + (kernel.isEmpty() ? "" : ": " + kernel));
    }
    String taskAt =
        JavaFrames.innermostApplicationFrame(stuck.get(0).frames())
            .map(JavaFrames::shortly)
            .orElse("the task's blocking call");
    String explanation =
        "shutdown() lets the running tasks finish and "
            + closing
            + " waits until they have; "
            + stuck.size()
            + " task(s) are blocked in calls that do not return, so the wait never ends"
            + (wait.method().equals("close")
                ? " (ExecutorService.close() waits with no limit)"
                : " (awaitTermination in a loop, or with a very long timeout, waits for ever)")
            + ", and neither does the thread waiting on it.";
    String fix =
        "Bound the shutdown at "
            + at
            + ": awaitTermination with a timeout, then shutdownNow() to interrupt the tasks that"
            + " are still running; and make those tasks end: at "
            + taskAt
            + " give the blocking call a timeout (socket.setSoTimeout, setReadTimeout, a timed"
            + " get/await) so it fails instead of waiting for ever.";
    return Findings.about(
        ID,
        "executor shutdown waits for tasks that never end",
        allUntimed ? Confidence.HIGH : Confidence.MEDIUM,
        closer,
        keyFrames,
        evidence,
        explanation,
        fix);
  }

  private static boolean untimedPark(JavaThread thread) {
    return "WAITING".equals(thread.state());
  }
}
