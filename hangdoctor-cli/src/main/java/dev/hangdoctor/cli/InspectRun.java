package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.CollectionPlan;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.PythonSource;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.render.InspectTextRenderer;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Inspects one live process (with its Python stacks when it is CPython, its Java threads when it is
 * a JVM), prints the report and decides the exit code from what was read. Shared by {@code
 * inspect}, {@code dump} and {@code demo}.
 */
final class InspectRun {
  private final ProcFs procFs;
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputStyle style;
  private final Terminal terminal;

  /** For reading exit codes only: nothing is printed in a style. */
  InspectRun(ProcFs procFs, PrintWriter out, PrintWriter err) {
    this(procFs, out, err, OutputStyle.PLAIN, Terminal.PIPE);
  }

  InspectRun(
      ProcFs procFs, PrintWriter out, PrintWriter err, OutputStyle style, Terminal terminal) {
    this.procFs = procFs;
    this.out = out;
    this.err = err;
    this.style = style;
    this.terminal = terminal;
  }

  /** Inspects, prints the inspect report (or JSON) and returns the exit code. */
  ExitCode run(int pid, SamplingPlan plan, boolean json) throws InterruptedException {
    Inspection inspection = collect(pid, plan);
    printInspection(inspection, json);
    return outcome(pid, inspection);
  }

  Inspection collect(int pid, SamplingPlan plan) throws InterruptedException {
    return collect(pid, plan, LivePython.source(procFs));
  }

  /** As {@link #collect(int, SamplingPlan)}, reading only what {@code reads} names. */
  Inspection collect(int pid, SamplingPlan plan, CollectionPlan reads) throws InterruptedException {
    PythonSource python =
        reads.pythonDetail() == CollectionPlan.PythonDetail.FULL
            ? LivePython.source(procFs)
            : LivePython.framesOnly(procFs);
    return collect(pid, plan, python, reads);
  }

  /** As {@link #collect(int, SamplingPlan)}, with the Python stacks read by {@code python}. */
  Inspection collect(int pid, SamplingPlan plan, PythonSource python) throws InterruptedException {
    return collect(pid, plan, python, CollectionPlan.EVERYTHING);
  }

  private Inspection collect(int pid, SamplingPlan plan, PythonSource python, CollectionPlan reads)
      throws InterruptedException {
    InspectionCollector collector =
        new InspectionCollector(
                ProcessReader.system(),
                new ProcessTreeReader(procFs),
                python,
                LiveJvm.source(procFs, false),
                Pause.SLEEP,
                style.redactor())
            .withPlan(reads);
    try (ProgressLine progress =
        ProgressLine.start(
            err, reads.progressLine() ? terminal : Terminal.PIPE, "inspecting PID " + pid)) {
      InspectionCollector.Window window = collector.collectAll(List.of(pid), plan, progress);
      ProcReadException failure = window.failures().get(pid);
      if (failure != null) {
        throw failure;
      }
      return window.inspections().get(pid);
    } catch (ProcReadException e) {
      if (e.targetExited()) {
        throw new HangdoctorException(
            ExitCode.NO_SUCH_TARGET, "PID " + pid + " exited before it could be read");
      }
      if (e.permissionDenied()) {
        throw new HangdoctorException(
            ExitCode.PERMISSION_DENIED,
            PermissionAdvice.explain(
                pid,
                PtraceAccess.of(procFs, pid),
                List.of(e.toGap("process status (/proc/PID/stat)"))));
      }
      throw new HangdoctorException(ExitCode.INTERNAL_ERROR, e.getMessage());
    }
  }

  void printInspection(Inspection inspection, boolean json) {
    out.print(
        json ? JsonRenderer.render(inspection) : new InspectTextRenderer(style).render(inspection));
    out.flush();
  }

  /** Partial, refused or complete: the exit code, with the reason on stderr. */
  ExitCode outcome(int pid, Inspection inspection) {
    if (inspection.partial()) {
      err.printf(
          "hangdoctor: PID %d exited during the inspection; the report shows the %d sample%s"
              + " taken before it did%n",
          pid, inspection.samples().size(), inspection.samples().size() == 1 ? "" : "s");
      return ExitCode.TARGET_EXITED;
    }
    List<EvidenceGap> denied =
        inspection.latest().gaps().stream()
            .filter(gap -> gap.reason() == EvidenceGap.Reason.PERMISSION_DENIED)
            .collect(Collectors.toList());
    if (!denied.isEmpty()) {
      err.println(
          "hangdoctor: " + PermissionAdvice.explain(pid, PtraceAccess.of(procFs, pid), denied));
      return ExitCode.PERMISSION_DENIED;
    }
    return ExitCode.OK;
  }
}
