package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.diagnosis.render.ProcessTreeRenderer;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessForest;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
      "The tree of PID (default: all your processes) with elapsed time, state and wait channel;"
          + " parents waiting for a child and long-running blocked descendants are marked."
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
      description = "Mark descendants running at least this long (default: ${DEFAULT-VALUE}).")
  Duration longAfter;

  @Option(names = "--json", description = "Print the tree as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ProcessTreeReader reader = new ProcessTreeReader(ProcFs.system());
    List<ProcessNode> roots;
    try {
      if (pid != null) {
        roots =
            reader
                .tree(pid)
                .map(List::of)
                .orElseThrow(
                    () ->
                        new HangdoctorException(
                            ExitCode.NO_SUCH_TARGET, "no process with PID " + pid));
      } else {
        roots = reader.forestOfUser(PtraceAccess.currentUid(ProcFs.system()));
      }
    } catch (ProcReadException e) {
      throw new HangdoctorException(ExitCode.PERMISSION_DENIED, e.getMessage());
    }
    var out = spec.commandLine().getOut();
    if (json) {
      out.print(JsonRenderer.render(new ProcessForest(Inspection.SCHEMA_VERSION, roots)));
    } else {
      out.print(new ProcessTreeRenderer(longAfter.toMillis()).render(roots));
    }
    return ExitCode.OK.code();
  }
}
