package dev.hangdoctor.cli;

import dev.hangdoctor.probe.ProbeSettings;
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
      names = {"-k", "--insecure"},
      description = "Accept any TLS certificate (self-signed local servers).")
  boolean insecure;

  ProbeSettings settings() {
    try {
      return new ProbeSettings(
          timeout, connectTimeout, slow, insecure, ProbeSettings.DEFAULT_MAX_BODY_BYTES);
    } catch (IllegalArgumentException e) {
      throw new HangdoctorException(ExitCode.USAGE, e.getMessage());
    }
  }
}
