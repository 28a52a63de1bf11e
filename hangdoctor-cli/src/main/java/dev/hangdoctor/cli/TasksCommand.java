package dev.hangdoctor.cli;

import dev.hangdoctor.cpython.AsyncTaskReader;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.TaskTreeRenderer;
import dev.hangdoctor.evidence.AsyncTasks;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor tasks PID}: the asyncio (and trio) task graph, read from outside the process.
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Print the asyncio and trio tasks of a Python process: who awaits what, down to the"
          + " thread.",
      "Reads every pending asyncio task, and every task of a trio run (anyio on trio included),"
          + " of a CPython 3.11-3.14 process from its memory without pausing it: name, state, the"
          + " suspended coroutine frames of its await chain with file:line and source, what it"
          + " waits on (a task, gather, TaskGroup or nursery, executor or to_thread job and the"
          + " worker thread running it, sleep, Event, Queue or memory channel, Lock, Semaphore,"
          + " CapacityLimiter, stream or socket read) and the tasks awaiting it; as a tree and a"
          + " table."
    })
final class TasksCommand implements Callable<Integer> {
  private static final SamplingPlan ONE_SNAPSHOT = new SamplingPlan(1, Duration.ZERO);

  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(names = "--json", description = "Print the tasks and their links as JSON.")
  boolean json;

  /** What {@code --json} prints: the target and its task graph. */
  record TasksReport(int pid, String python, AsyncTasks asyncio) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int pid = target.resolve(err);
    InspectRun run = new InspectRun(ProcFs.system(), out, err);
    Inspection inspection = run.collect(pid, ONE_SNAPSHOT);
    ProcessSnapshot snapshot = inspection.latest();
    PythonStacks stacks = snapshot.python();
    if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
      String why =
          stacks == null || stacks.status() == PythonStacks.Status.NOT_PYTHON
              ? "it is not a CPython process"
              : stacks.detail();
      err.printf("hangdoctor: no asyncio tasks for PID %d: %s%n", pid, why);
      return stacks != null && stacks.status() == PythonStacks.Status.PERMISSION_DENIED
          ? ExitCode.PERMISSION_DENIED.code()
          : ExitCode.NO_PYTHON_STACKS.code();
    }
    AsyncTasks tasks = new AsyncTaskReader(ProcFs.system()).read(pid);
    if (json) {
      out.print(JsonRenderer.render(new TasksReport(pid, stacks.version(), tasks)));
    } else {
      boolean unicode = Charset.defaultCharset().name().toUpperCase().contains("UTF");
      out.print(new TaskTreeRenderer(unicode).render(pid, tasks, snapshot));
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
