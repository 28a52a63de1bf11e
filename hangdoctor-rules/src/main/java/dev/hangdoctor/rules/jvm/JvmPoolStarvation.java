package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every worker of a thread pool (a fixed {@code ThreadPoolExecutor}, a {@code ForkJoinPool}, the
 * JVM's common pool) is inside a task that blocks waiting for other work (a {@code Future}, a
 * latch, a queue), none is idle, and nothing else in the JVM runs: the work they wait for is queued
 * behind them in the same pool and no worker is left to run it. Stuck in every dump of the window.
 */
final class JvmPoolStarvation implements Rule {
  static final String ID = "jvm-pool-starvation";

  /** A thread outside the pool at this CPU % might be running the awaited work. */
  private static final double WORKING_CPU_PERCENT = 20;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no thread pool has every worker blocked waiting for other work";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (Pools.Pool pool : Pools.of(stacks.get().threads())) {
      boolean starved =
          pool.workers().stream()
              .allMatch(w -> Pools.waitForOtherWork(w) != null && stacks.get().stuck(w));
      if (starved && !somethingElseWorks(stacks.get(), pool)) {
        findings.add(finding(stacks.get(), pool));
      }
    }
    return findings;
  }

  private static boolean somethingElseWorks(JavaStacks stacks, Pools.Pool pool) {
    for (JavaThread thread : stacks.applicationThreads()) {
      if (pool.workers().contains(thread) || thread.virtual()) {
        continue;
      }
      Optional<ThreadActivity> kernel = stacks.kernel(thread);
      if (kernel.isPresent() && kernel.get().cpuPercent() >= WORKING_CPU_PERCENT) {
        return true;
      }
    }
    return false;
  }

  private static Finding finding(JavaStacks stacks, Pools.Pool pool) {
    JavaThread lead = pool.workers().get(0);
    List<PythonFrame> keyFrames = JavaFrames.keyFrames(lead.frames());
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "all "
            + pool.workers().size()
            + " worker(s) of "
            + pool.describe()
            + " are inside tasks that wait for other work, and none is idle to run it");
    for (JavaThread worker : pool.workers()) {
      JavaFrame call = Pools.waitForOtherWork(worker);
      String at =
          JavaFrames.innermostApplicationFrame(worker.frames())
              .map(f -> " at " + JavaFrames.shortly(f))
              .orElse("");
      evidence.add(
          JavaStacks.who(worker)
              + " waits in "
              + call.simpleClassName()
              + "."
              + call.method()
              + at
              + " on "
              + worker.waitingFor().object().describe()
              + (stacks.stuck(worker) ? ", unchanged in every dump" : ""));
    }
    String flags =
        stacks.latest().flags().stream()
            .filter(f -> f.startsWith("-XX:ActiveProcessorCount"))
            .findFirst()
            .map(f -> " (" + f + ")")
            .orElse("");
    if (pool.commonPool()) {
      evidence.add(
          "the common pool has "
              + pool.workers().size()
              + " worker(s): its parallelism is the CPU count minus one"
              + flags);
    }
    String call =
        Pools.waitForOtherWork(lead).simpleClassName()
            + "."
            + Pools.waitForOtherWork(lead).method();
    String where =
        JavaFrames.innermostApplicationFrame(lead.frames())
            .map(JavaFrames::shortly)
            .orElse("the task's code");
    String explanation =
        (pool.commonPool()
                ? "Every worker of the common pool (ForkJoinPool.commonPool(), shared by the whole"
                    + " JVM: CompletableFuture's async methods, parallel streams) "
                : "Every worker of this pool ")
            + "runs a task that blocks in "
            + call
            + " waiting for work that was submitted to the same pool. That work sits in the"
            + " pool's queue behind the blocked tasks and no worker is free to run it, so the pool"
            + " starves itself and never recovers; everything else submitted to it waits too.";
    String fix =
        "At "
            + where
            + ": do not block a pool thread on work queued to the same pool. Chain the results"
            + " instead of waiting (CompletableFuture.allOf(...).thenApply(...)), run the inner"
            + " work on a separate executor"
            + (pool.commonPool()
                ? " (pass your own Executor to supplyAsync/runAsync instead of the common pool),"
                    + " or wrap an unavoidable wait in ForkJoinPool.managedBlock so the pool adds a"
                    + " worker"
                : ", or size the pool for the nesting (a bounded pool cannot run tasks that wait"
                    + " for more tasks than it has threads)")
            + ".";
    return Findings.about(
        ID,
        pool.commonPool() ? "common pool starvation" : "thread pool starvation",
        Confidence.HIGH,
        lead,
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
