package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.report.WriteFailure;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.probe.BundleWriter;
import dev.hangdoctor.probe.Check;
import dev.hangdoctor.probe.PidCheck;
import dev.hangdoctor.probe.ProcessDiagnoser;
import dev.hangdoctor.probe.Sleeper;
import dev.hangdoctor.probe.Ticker;
import dev.hangdoctor.probe.UrlCheck;
import dev.hangdoctor.probe.WatchSettings;
import dev.hangdoctor.probe.WatchSummary;
import dev.hangdoctor.probe.Watcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hangdoctor watch (URL… | --pid PID)}: checks again and again, and writes one evidence
 * bundle per incident. Ctrl+C (or SIGTERM) stops it between two steps: a bundle being written is
 * finished or removed before the JVM exits.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Check URLs (or a process) every --interval until stopped. After --failures failed checks in"
          + " a row, diagnose the server (the local listener, or --pid) and write one evidence"
          + " bundle for the incident into --out: checks.txt, diagnosis.txt, diagnosis-PID.json,"
          + " tracker-PID.md. No new bundle until a check passes again; at most --max-bundles are"
          + " kept.",
      "With --pid and no URL, a check samples the process and fails when the diagnosis finds a"
          + " hang (a finding at least as sure as --fail-on).",
      "Exit: 130 on Ctrl+C, 143 on SIGTERM (each after finishing the check in progress), 7 when"
          + " the watched process exits, 0 after --max-checks checks."
    })
final class WatchCommand implements Callable<Integer> {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "URL", description = "http:// or https:// URLs.")
  List<String> urls = List.of();

  @Option(
      names = "--pid",
      paramLabel = "PID",
      description = "Watch this process (without URLs), or diagnose it on an incident (with URLs).")
  Integer pid;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time from one check to the next (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--failures",
      paramLabel = "K",
      defaultValue = "3",
      description = "Failed checks in a row that make an incident (default: ${DEFAULT-VALUE}).")
  int failures;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "hangdoctor-incidents",
      description = "Where the evidence bundles go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--max-bundles",
      paramLabel = "N",
      defaultValue = "20",
      description = "Keep at most N bundles, deleting the oldest (default: ${DEFAULT-VALUE}).")
  int maxBundles;

  @Option(
      names = "--max-checks",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N checks and exit 0 (default: 0, no limit).")
  long maxChecks;

  @Mixin ProbeOptions probe;

  @Mixin WindowOptions window;

  @Mixin FailOnOption failOn;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (urls.isEmpty() && pid == null) {
      throw new HangdoctorException(ExitCode.USAGE, "give URLs to probe, or --pid PID to sample");
    }
    List<URI> parsed = UrlArguments.parse(urls);
    OutputDir.check("--out", out);
    WatchSettings settings;
    try {
      settings = new WatchSettings(interval, failures, maxBundles, maxChecks);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
    ProcFs procFs = ProcFs.system();
    OptionalInt target =
        pid == null
            ? OptionalInt.empty()
            : OptionalInt.of(new TargetResolver(procFs, err).checkLive(pid));
    ProcessDiagnoser diagnoser = LiveDiagnosis.over(procFs, window.plan(), output.redactor());
    Check check =
        parsed.isEmpty()
            ? new PidCheck(target.getAsInt(), diagnoser, failOn.threshold())
            : new UrlCheck(probe.prober(procFs, diagnoser), parsed, target);
    WatchStatusPrinter printer =
        new WatchStatusPrinter(
            stdout, System.console() != null, settings.failures(), output.redactor());
    Watcher watcher =
        new Watcher(
            check,
            settings,
            new BundleWriter(out, output.redactor()),
            printer,
            Clock.systemDefaultZone(),
            Ticker.SYSTEM,
            Sleeper.SYSTEM);
    Thread watching = Thread.currentThread();
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopper = new Thread(() -> stop(watching, finished), "hangdoctor-watch-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      WatchSummary summary = watch(watcher);
      printer.finish();
      stdout.println(summaryLine(summary, out));
      stdout.flush();
      switch (summary.end()) {
        case INTERRUPTED:
          return ExitCode.INTERRUPTED.code();
        case TARGET_GONE:
          err.println("hangdoctor: PID " + target.getAsInt() + " exited; the watch ends");
          return ExitCode.TARGET_EXITED.code();
        default:
          return ExitCode.OK.code();
      }
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl+C, SIGTERM): the hook is running
      }
    }
  }

  /**
   * The last line of a watch: checks, incidents, and only the bundles that were written ("watched 4
   * checks, 1 incident, 1 bundle written to DIR"; "…, no bundle written").
   */
  static String summaryLine(WatchSummary summary, Path out) {
    StringBuilder line =
        new StringBuilder("watched ")
            .append(count(summary.checks(), "check", "checks"))
            .append(", ")
            .append(count(summary.incidents(), "incident", "incidents"));
    int written = summary.bundles().size();
    if (written > 0) {
      line.append(", ")
          .append(count(written, "bundle", "bundles"))
          .append(" written to ")
          .append(out.toAbsolutePath());
    } else {
      line.append(", no bundle written");
    }
    if (summary.unwrittenBundles() > 0) {
      line.append("; ")
          .append(count(summary.unwrittenBundles(), "incident", "incidents"))
          .append(" without a bundle (not written, see above)");
    }
    return line.toString();
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /**
   * On Ctrl+C or SIGTERM (a shutdown hook): interrupts the watch and waits, bounded, until it has
   * finished its step and printed its summary, so no bundle is left half-written when the JVM
   * exits.
   */
  private static void stop(Thread watching, CountDownLatch finished) {
    watching.interrupt();
    try {
      finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static WatchSummary watch(Watcher watcher) {
    try {
      return watcher.run();
    } catch (IOException e) {
      throw new HangdoctorException(
          ExitCode.USAGE, "cannot use the bundle directory: " + WriteFailure.describe(e));
    }
  }
}
