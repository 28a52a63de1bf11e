package dev.hangdoctor.probe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;

/**
 * One probe of one URL: its class, the phase it failed in ({@code null} when it did not fail), the
 * HTTP status (0 when no status line arrived), when each phase ended, how much body was read (and
 * whether the cap cut it short), the address connected to ({@code null} when DNS failed), this
 * host's end of the connection ({@code null} when none was made: the server sees it as the peer)
 * and a short detail in words ("Connection refused", "no first byte within 1.0 s").
 */
public record ProbeResult(
    URI url,
    ProbeOutcome outcome,
    Phase failedPhase,
    int status,
    PhaseTimings timings,
    long bodyBytes,
    boolean bodyTruncated,
    InetSocketAddress remote,
    InetSocketAddress local,
    String detail) {

  public boolean ok() {
    return outcome == ProbeOutcome.OK;
  }

  public Optional<Phase> failedIn() {
    return Optional.ofNullable(failedPhase);
  }

  public Optional<InetSocketAddress> remoteAddress() {
    return Optional.ofNullable(remote);
  }

  /** This host's end of the connection the probe made, if it made one. */
  public Optional<InetSocketAddress> localAddress() {
    return Optional.ofNullable(local);
  }
}
