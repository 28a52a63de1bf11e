package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.ps.MainThreadWait;
import dev.hangdoctor.diagnosis.ps.MainThreadWaitReader;
import dev.hangdoctor.diagnosis.ps.ProcessMarks;
import dev.hangdoctor.diagnosis.redact.EvidenceRedactor;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.ProcessTreeRenderer;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessForest;
import dev.hangdoctor.evidence.ProcessMark;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hangdoctor ps [PID]}: the process tree, to find which descendant is wedged. */
@Command(
    name = "ps",
    mixinStandardHelpOptions = true,
    description = {
      "Show a process tree to find the wedged descendant.",
      "The tree of PID (default: all your processes) with elapsed time, state and wait channel."
          + " Marked (◀) are only the processes worth inspecting: running at least --long-after,"
          + " their main thread sat in the same wait over --settle with no wake-up, and that wait"
          + " is none an idle process makes (a sleep, a wait with a timeout, an event loop, a"
          + " listener, a terminal read, a wait for a child); and parents waiting on such a child."
    })
final class PsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "Root of the tree.")
  Integer pid;

  @Option(
      names = "--long-after",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Mark only processes running at least this long (default: ${DEFAULT-VALUE}).")
  Duration longAfter;

  @Option(
      names = "--settle",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description =
          "Look at each process twice this far apart to tell a wait that never changes"
              + " (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(names = "--json", description = "Print the tree and the marks as JSON.")
  boolean json;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    if (settle.isZero()) {
      throw new HangdoctorException(ExitCode.USAGE, "--settle must be positive");
    }
    ProcFs procFs = ProcFs.system();
    List<ProcessNode> roots = roots(new ProcessTreeReader(procFs), procFs);
    MainThreadWaitReader waits = new MainThreadWaitReader(procFs);
    Map<Integer, MainThreadWait> first = waits.read(roots);
    Pause.SLEEP.pause(settle);
    Map<Integer, MainThreadWait> second = waits.read(roots);
    Map<String, Set<Integer>> pipes = waits.pipeHolders(roots, second);
    EvidenceRedactor redactor = new EvidenceRedactor(output.redactor());
    List<ProcessNode> shown = roots.stream().map(redactor::node).toList();
    List<ProcessMark> marks =
        ProcessMarks.of(roots, first, second, pipes, settle, longAfter).stream()
            .map(redactor::mark)
            .toList();
    var out = spec.commandLine().getOut();
    if (json) {
      out.print(JsonRenderer.render(new ProcessForest(Inspection.SCHEMA_VERSION, shown, marks)));
    } else {
      out.print(new ProcessTreeRenderer(output.stdout(Terminal.current())).render(shown, marks));
    }
    return ExitCode.OK.code();
  }

  private List<ProcessNode> roots(ProcessTreeReader reader, ProcFs procFs) {
    try {
      if (pid != null) {
        return reader
            .tree(pid)
            .map(List::of)
            .orElseThrow(
                () ->
                    new HangdoctorException(ExitCode.NO_SUCH_TARGET, "no process with PID " + pid));
      }
      return reader.forestOfUser(PtraceAccess.currentUid(procFs));
    } catch (ProcReadException e) {
      throw new HangdoctorException(ExitCode.PERMISSION_DENIED, e.getMessage());
    }
  }
}
