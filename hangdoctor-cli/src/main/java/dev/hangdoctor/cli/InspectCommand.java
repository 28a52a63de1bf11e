package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hangdoctor inspect PID | --port N}: the kernel's evidence about one process. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a process is doing, thread by thread.",
      "Each thread's state, CPU %% and kernel wait over a short window (waits that never changed"
          + " are marked), sockets with queued data, CLOSE_WAIT lingerers, listeners and open"
          + " files."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(names = "--json", description = "Print the full evidence as JSON.")
  boolean json;

  @Mixin SamplingOptions sampling;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    var err = spec.commandLine().getErr();
    var plan = sampling.plan();
    int pid = target.resolve(err);
    Terminal terminal = Terminal.current();
    return new InspectRun(
            ProcFs.system(), spec.commandLine().getOut(), err, output.stdout(terminal), terminal)
        .run(pid, plan, json)
        .code();
  }
}
