package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.render.Formats;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hangdoctor demo}: starts a bundled stuck service, inspects it, stops it. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect a bundled stuck service (needs python3).",
      "Starts a small Python service whose worker threads are stuck on a socket read, inspects"
          + " it, and stops it."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the evidence as JSON instead of the report.")
  boolean json;

  @Mixin SamplingOptions sampling;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var plan = sampling.plan();
    try (DemoService service = DemoService.start()) {
      PrintWriter narration = json ? err : out;
      narration.printf(
          "hangdoctor demo: started a stuck quote service, PID %d (%s), HTTP on 127.0.0.1:%s.%n"
              + "Its 4 quote workers called recv() on an upstream (127.0.0.1:%s) that never"
              + " answers, without a timeout.%n"
              + "Inspecting it: %d samples over %s.%n%n",
          service.pid(),
          service.script(),
          service.readyValue("port"),
          service.readyValue("upstream_port"),
          plan.samples(),
          Formats.duration(plan.window().toMillis()));
      narration.flush();
      ExitCode code =
          new InspectRun(ProcFs.system(), out, err).run((int) service.pid(), plan, json);
      narration.printf(
          "%nWhat to read in it: the quote-worker threads marked ● sat in recvfrom() on a TCP"
              + " socket to port %s in every sample, using no CPU: they are stuck, not slow."
              + " PYTHON STACKS shows the line they wait on: fetch_quote in stuck_service.py, a"
              + " recv() with no timeout. Their requests sit unread in the upstream's receive"
              + " queue (SOCKETS WITH QUEUED DATA).%n"
              + "The fix pattern: give every blocking network call a timeout"
              + " (socket.create_connection(addr, timeout=5), sock.settimeout(5)).%n",
          service.readyValue("upstream_port"));
      narration.printf("Stopped the demo service (PID %d).%n", service.pid());
      return code.code();
    }
  }
}
