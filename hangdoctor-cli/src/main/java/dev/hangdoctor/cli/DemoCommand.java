package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.render.Formats;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.linux.fs.ProcFs;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor demo}: starts the bundled price service, makes it hang the way the seeds' case
 * did (an async stream leaves a {@code with ThreadPoolExecutor()} block while its workers wait on a
 * silent backend), shows {@code /health} timing out, diagnoses it and stops it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Diagnose a bundled service that hangs (needs python3).",
      "Starts a small asyncio price service, requests its streaming route so that the event loop"
          + " gets stuck, shows /health timing out, runs 'hangdoctor diagnose' on it and stops"
          + " it (always, even on Ctrl+C)."
    })
final class DemoCommand implements Callable<Integer> {
  /** How long /health gets to answer, as {@code curl -m 2} would. */
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  /** The service logs this when the stream gives up, just before the loop blocks. */
  static final String GIVING_UP = "giving up the stream";

  private static final Duration STUCK_TIMEOUT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the diagnosis as JSON instead of the report.")
  boolean json;

  @Mixin SamplingOptions sampling;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var plan = sampling.plan();
    PrintWriter say = json ? err : out;
    try (DemoService service = DemoService.start()) {
      int port = Integer.parseInt(service.readyValue("port"));
      say.printf(
          "hangdoctor demo: started a price service, PID %d (%s),%n"
              + "  HTTP on 127.0.0.1:%d; its inventory backend (127.0.0.1:%s) accepts connections"
              + " and never answers.%n",
          service.pid(), service.script(), port, service.readyValue("backend_port"));
      health(say, port);
      try (HttpGet stream = HttpGet.open(port, "/prices")) {
        say.printf("$ curl -N http://127.0.0.1:%d/prices   (left running)%n", port);
        say.printf(
            "  %s, then the prices are awaited%n",
            stream
                .statusLine(System.nanoTime() + HEALTH_TIMEOUT.toNanos())
                .orElse("no response headers yet"));
        say.flush();
        String log =
            service
                .awaitOutput(GIVING_UP, STUCK_TIMEOUT)
                .orElseThrow(
                    () ->
                        new HangdoctorException(
                            ExitCode.INTERNAL_ERROR,
                            "the demo service never gave up its stream within "
                                + STUCK_TIMEOUT.toSeconds()
                                + " s"));
        say.printf("  service log: %s%n", log);
        health(say, port);
        say.printf(
            "%n$ hangdoctor diagnose %d   (%d samples over %s)%n%n",
            service.pid(), plan.samples(), Formats.duration(plan.window().toMillis()));
        say.flush();
        ExitCode code =
            new DiagnoseRun(ProcFs.system(), out, err, output, Terminal.current())
                .run(
                    (int) service.pid(),
                    plan,
                    new DiagnoseRun.Forms(json, null, null),
                    Confidence.LOW);
        out.flush();
        say.printf("%nStopped the demo service (PID %d).%n", service.pid());
        if (code == ExitCode.OK) {
          throw new HangdoctorException(
              ExitCode.INTERNAL_ERROR,
              "the demo service hangs but no hang was found: a bug in hangdoctor, please report"
                  + " it");
        }
        return code == ExitCode.HANG_FOUND ? ExitCode.OK.code() : code.code();
      }
    }
  }

  private static void health(PrintWriter say, int port) throws IOException {
    say.printf("$ curl -m %d http://127.0.0.1:%d/health%n", HEALTH_TIMEOUT.toSeconds(), port);
    say.flush();
    HttpGet.Outcome outcome = HttpGet.get(port, "/health", HEALTH_TIMEOUT);
    say.println(
        outcome
            .statusLine()
            .map(status -> String.format(Locale.ROOT, "  %s in %d ms", status, outcome.millis()))
            .orElse(
                String.format(
                    Locale.ROOT,
                    "  no answer: timed out after %d ms (the event loop no longer runs)",
                    outcome.millis())));
    say.flush();
  }
}
