package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.probe.HttpProbe;
import dev.hangdoctor.probe.ProbeSchedule;
import dev.hangdoctor.probe.ProbeSettings;
import dev.hangdoctor.probe.Prober;
import dev.hangdoctor.probe.ProcessDiagnoser;
import dev.hangdoctor.probe.ServerFinder;
import dev.hangdoctor.probe.Ticker;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How each HTTP probe behaves, shared by {@code probe} and {@code watch}. */
public final class ProbeOptions {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Give up on a request after this long, counted from its start (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Give up on the TCP connect after this long (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--slow",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "A complete answer slower than this is 'slow', a failure (default: ${DEFAULT-VALUE}).")
  Duration slow;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "16",
      description = "Probe at most N URLs at a time (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Finish probing all URLs within this: a probe still running then is a timeout, a URL not"
              + " yet started is 'skipped' (default: 30s, or --timeout if longer).")
  Duration deadline;

  @Option(
      names = {"-k", "--insecure"},
      description = "Accept any TLS certificate (self-signed local servers).")
  boolean insecure;

  ProbeSchedule schedule() {
    Duration overall =
        deadline != null
            ? deadline
            : timeout.compareTo(ProbeSchedule.DEFAULT_DEADLINE) > 0
                ? timeout
                : ProbeSchedule.DEFAULT_DEADLINE;
    try {
      return new ProbeSchedule(parallel, overall);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }

  /** The prober these options describe, diagnosing failures with {@code diagnoser}. */
  Prober prober(ProcFs procFs, ProcessDiagnoser diagnoser) {
    return new Prober(
        new HttpProbe(settings()), new ServerFinder(procFs), diagnoser, schedule(), Ticker.SYSTEM);
  }

  ProbeSettings settings() {
    try {
      return new ProbeSettings(
          timeout, connectTimeout, slow, insecure, ProbeSettings.DEFAULT_MAX_BODY_BYTES);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }
}
