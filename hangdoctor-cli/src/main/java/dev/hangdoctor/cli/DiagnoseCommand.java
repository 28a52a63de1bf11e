package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor diagnose PID | --port N | --url URL}: names the hang, its frame and the fix.
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Say what a process (and the processes below it) is stuck on, where, and what to change.",
      "Watches it over a short window, matches the evidence against known hang signatures and"
          + " prints the findings, most certain first: the kind of hang, the thread, the key"
          + " frames (your code first), the evidence, an explanation and the fix. A healthy"
          + " process gets the reasons it looks healthy.",
      "Exit status 1 when a hang was found (a finding at least as sure as --fail-on), 0 when not,"
          + " 11 when hangdoctor could not look"
          + " ('hangdoctor exit-codes' lists the others)."
    })
final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The process serving this http(s) URL on this machine (its port's listener), e.g."
              + " http://127.0.0.1:8000/health.")
  String url;

  @Option(names = "--json", description = "Print the evidence and findings as JSON.")
  boolean json;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description =
          "Also write a Markdown stability tracker to FILE; when FILE exists, append a row to its"
              + " results log and keep everything else.")
  Path markdown;

  @Mixin SamplingOptions sampling;

  @Mixin FailOnOption failOn;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    var plan = sampling.plan();
    DiagnoseRun.Forms forms = new DiagnoseRun.Forms(json, markdown, reproduction());
    DiagnoseRun run =
        new DiagnoseRun(
            ProcFs.system(), spec.commandLine().getOut(), err, output, Terminal.current());
    int port = port();
    if (port > 0) {
      List<Integer> pids = new TargetResolver(ProcFs.system(), err).portTargets(port);
      return run.runPort(pids, plan, forms, failOn.threshold(), port).code();
    }
    return run.run(resolve(err), plan, forms, failOn.threshold()).code();
  }

  /** The port named by {@code --port} or {@code --url} (0 for a PID), after the one-of check. */
  int port() {
    int given =
        (url == null ? 0 : 1) + (target.pid == null ? 0 : 1) + (target.port == null ? 0 : 1);
    if (given != 1) {
      throw new HangdoctorException(ExitCode.USAGE, "give one of PID, --port PORT or --url URL");
    }
    if (url != null) {
      return LocalUrl.port(url);
    }
    if (target.port != null && (target.port < 1 || target.port > 65535)) {
      throw new HangdoctorException(ExitCode.USAGE, "--port must be 1-65535, got " + target.port);
    }
    return target.port == null ? 0 : target.port;
  }

  int resolve(PrintWriter err) {
    int given =
        (url == null ? 0 : 1) + (target.pid == null ? 0 : 1) + (target.port == null ? 0 : 1);
    if (given != 1) {
      throw new HangdoctorException(ExitCode.USAGE, "give one of PID, --port PORT or --url URL");
    }
    if (url == null) {
      return target.resolve(err);
    }
    return new TargetResolver(ProcFs.system(), err).resolve(null, LocalUrl.port(url));
  }

  /** The command line as typed, to rerun from the tracker. */
  String reproduction() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "hangdoctor " + args.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }
}
