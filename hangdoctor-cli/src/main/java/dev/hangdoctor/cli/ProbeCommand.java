package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.probe.IncidentText;
import dev.hangdoctor.probe.ProbeLines;
import dev.hangdoctor.probe.ProbeReport;
import dev.hangdoctor.probe.ProbeResult;
import dev.hangdoctor.probe.Prober;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hangdoctor probe URL…}: HTTP GETs timed phase by phase, and the stuck server behind. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "GET each URL and say how it went: ok, slow, timeout, refused, reset, http-error, dns, tls,"
          + " bad-response, network, skipped; with when DNS, connect, TLS, the first byte and the"
          + " complete body were done (times from the start of the request).",
      "Up to --parallel URLs are probed at a time, all within --deadline; each line is printed"
          + " as its probe finishes (so in the order they finish) and names its URL.",
      "When a URL times out, is reset or is slow on an address of this host, the process listening"
          + " on its port (or --pid) is diagnosed and the verdict printed.",
      "Exit: 0 all ok, 1 a probe failed and the diagnosis found a hang (a finding at least as"
          + " sure as --fail-on), 10 a probe failed."
    })
final class ProbeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "URL", description = "http:// or https:// URLs.")
  List<String> urls;

  @Option(
      names = "--pid",
      paramLabel = "PID",
      description = "Diagnose this process when a probe fails (a server in a container, say).")
  Integer pid;

  @Mixin ProbeOptions probe;

  @Mixin WindowOptions window;

  @Mixin FailOnOption failOn;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<URI> parsed = UrlArguments.parse(urls);
    ProcFs procFs = ProcFs.system();
    Prober prober =
        probe.prober(procFs, LiveDiagnosis.over(procFs, window.plan(), output.redactor()));
    OptionalInt target =
        pid == null
            ? OptionalInt.empty()
            : OptionalInt.of(new TargetResolver(procFs, err).checkLive(pid));
    List<ProbeResult> results =
        prober.probeAll(
            parsed,
            result -> {
              out.println(output.redactor().text(ProbeLines.line(result)));
              out.flush();
            });
    ProbeReport report = new ProbeReport(results, prober.diagnose(results, target));
    if (!report.evidence().diagnoses().isEmpty() || !report.evidence().notes().isEmpty()) {
      out.println();
      out.print(IncidentText.of(report.evidence(), output.stdout(Terminal.current())));
    }
    if (report.allOk()) {
      return ExitCode.OK.code();
    }
    return (report.evidence().hangFound(failOn.threshold())
            ? ExitCode.HANG_FOUND
            : ExitCode.PROBE_FAILED)
        .code();
  }
}
