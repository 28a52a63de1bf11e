package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.CollectionPlan;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.render.DumpTextRenderer;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.proc.PtraceAccess;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hangdoctor dump PID}: every Python or Java thread's stack, read from outside the process.
 * Its model is built in code ({@link CodedModels#dump}), not read from annotations.
 */
final class DumpCommand implements Callable<Integer> {
  static final String[] DESCRIPTION = {
    "Print every Python or Java thread's stack, read from outside.",
    "Reads the stacks of a CPython 3.11-3.14 process from its memory without pausing it, with"
        + " each thread's name, the GIL holder, and the thread's kernel state and wait. Asks a"
        + " HotSpot JVM (JDK 17+) for its thread dump over its attach socket, with no JDK tool,"
        + " and joins every Java thread to its kernel state and wait. For any other process it"
        + " prints the kernel evidence of inspect."
  };
  static final String JSON = "Print the evidence, with the frames, as JSON.";

  private static final SamplingPlan ONE_SNAPSHOT = new SamplingPlan(1, Duration.ZERO);

  CommandSpec spec;
  TargetOptions target;
  boolean json;
  OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int pid = target.resolve(err);
    Terminal terminal = Terminal.current();
    OutputStyle style = output.stdout(terminal);
    InspectRun run = new InspectRun(ProcFs.system(), out, err, style, terminal);
    // The text prints frames, names and kernel waits only; JSON carries everything read.
    Inspection inspection =
        run.collect(pid, ONE_SNAPSHOT, json ? CollectionPlan.EVERYTHING : CollectionPlan.DUMP_TEXT);
    PythonStacks stacks = inspection.latest().python();
    JvmStacks jvm = inspection.latest().jvm();
    if (hasStacks(inspection)) {
      out.print(
          json ? JsonRenderer.render(inspection) : new DumpTextRenderer(style).render(inspection));
      out.flush();
      return run.outcome(pid, inspection).code();
    }
    run.printInspection(json ? inspection : everything(run, pid, inspection), json);
    if (jvm != null) {
      err.printf(
          "hangdoctor: no Java stacks for PID %d: %s; the kernel evidence is above%n",
          pid, jvm.detail());
      if (jvm.status() == JvmStacks.Status.PERMISSION_DENIED
          || jvm.status() == JvmStacks.Status.REJECTED) {
        err.println(
            "hangdoctor: a JVM lets in only its own user (same uid and gid) or root: run"
                + " hangdoctor as that user or with sudo");
        return ExitCode.PERMISSION_DENIED.code();
      }
      return ExitCode.NO_PYTHON_STACKS.code();
    }
    return noStacks(pid, stacks, err).code();
  }

  private static boolean hasStacks(Inspection inspection) {
    PythonStacks stacks = inspection.latest().python();
    JvmStacks jvm = inspection.latest().jvm();
    return (stacks != null && stacks.status() == PythonStacks.Status.READ)
        || (jvm != null && jvm.read());
  }

  /**
   * With no stacks, the text dump prints the inspect report, which shows more than the dump read:
   * the process is read again with everything, unless it exited meanwhile (then what was read).
   */
  private static Inspection everything(InspectRun run, int pid, Inspection light)
      throws InterruptedException {
    try {
      Inspection full = run.collect(pid, ONE_SNAPSHOT, CollectionPlan.EVERYTHING);
      return hasStacks(full) ? light : full;
    } catch (HangdoctorException e) {
      return light;
    }
  }

  private static ExitCode noStacks(int target, PythonStacks stacks, PrintWriter err) {
    if (stacks != null && stacks.status() == PythonStacks.Status.PERMISSION_DENIED) {
      err.println(
          "hangdoctor: "
              + PermissionAdvice.explain(
                  target,
                  PtraceAccess.of(ProcFs.system(), target),
                  List.of(
                      new EvidenceGap(
                          "memory (/proc/PID/mem)",
                          EvidenceGap.Reason.PERMISSION_DENIED,
                          stacks.detail()))));
      return ExitCode.PERMISSION_DENIED;
    }
    if (stacks != null && stacks.status() == PythonStacks.Status.TARGET_EXITED) {
      err.printf("hangdoctor: PID %d exited while its stacks were read%n", target);
      return ExitCode.TARGET_EXITED;
    }
    String why =
        stacks == null || stacks.status() == PythonStacks.Status.NOT_PYTHON
            ? "it is neither a CPython process nor a HotSpot JVM"
            : stacks.detail();
    err.printf(
        "hangdoctor: no Python stacks for PID %d: %s; the kernel evidence is above%n", target, why);
    return ExitCode.NO_PYTHON_STACKS;
  }
}
