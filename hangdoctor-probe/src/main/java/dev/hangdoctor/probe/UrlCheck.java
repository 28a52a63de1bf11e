package dev.hangdoctor.probe;

import dev.hangdoctor.rules.OwnConnections;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A check that probes each URL; it fails when any probe is not {@code ok}. An incident's evidence
 * is the diagnosis of the local servers (or of {@code --pid}), which counts none of the connections
 * the failing checks in a row made: each aborted probe leaves one in CLOSE_WAIT on a stuck server.
 */
public final class UrlCheck implements Check {
  /** At most this many connections of the current failing streak are remembered. */
  static final int MAX_REMEMBERED = 65_536;

  private final Prober prober;
  private final List<URI> urls;
  private final OptionalInt pid;
  private final Set<InetSocketAddress> streak = new LinkedHashSet<>();

  public UrlCheck(Prober prober, List<URI> urls, OptionalInt pid) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no URL to check");
    }
    this.prober = prober;
    this.urls = List.copyOf(urls);
    this.pid = pid;
  }

  @Override
  public CheckResult run() throws InterruptedException {
    List<ProbeResult> results = prober.probeAll(urls);
    List<ProbeResult> failed = results.stream().filter(r -> !r.ok()).collect(Collectors.toList());
    remember(failed.isEmpty(), results);
    String summary =
        failed.isEmpty()
            ? (results.size() == 1
                ? "ok in " + Durations.measured(results.get(0).timings().total())
                : "all " + results.size() + " ok")
            : failed.stream().map(UrlCheck::failure).collect(Collectors.joining("; "));
    return new CheckResult(!failed.isEmpty(), false, summary, results, IncidentEvidence.NONE);
  }

  /** Keeps the connections made since the last passing check; a passing check starts afresh. */
  private void remember(boolean passed, List<ProbeResult> results) {
    if (passed) {
      streak.clear();
      return;
    }
    streak.addAll(Prober.clientEnds(results));
    Iterator<InetSocketAddress> oldest = streak.iterator();
    while (streak.size() > MAX_REMEMBERED) {
      oldest.next();
      oldest.remove();
    }
  }

  private static String failure(ProbeResult result) {
    String phase = result.failedIn().map(p -> " (" + p.label() + ")").orElse("");
    String status = result.status() > 0 ? " " + result.status() : "";
    return result.url() + " " + result.outcome().label() + status + phase;
  }

  @Override
  public IncidentEvidence investigate(CheckResult failing) throws InterruptedException {
    return prober.diagnose(failing.probes(), pid, OwnConnections.of(streak));
  }

  @Override
  public String reproduction() {
    return "hangdoctor probe "
        + urls.stream().map(URI::toString).collect(Collectors.joining(" "))
        + (pid.isPresent() ? " --pid " + pid.getAsInt() : "");
  }
}
