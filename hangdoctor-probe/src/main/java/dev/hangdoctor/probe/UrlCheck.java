package dev.hangdoctor.probe;

import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A check that probes each URL; it fails when any probe is not {@code ok}. An incident's evidence
 * is the diagnosis of the local servers (or of {@code --pid}).
 */
public final class UrlCheck implements Check {
  private final Prober prober;
  private final List<URI> urls;
  private final OptionalInt pid;

  public UrlCheck(Prober prober, List<URI> urls, OptionalInt pid) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no URL to check");
    }
    this.prober = prober;
    this.urls = List.copyOf(urls);
    this.pid = pid;
  }

  @Override
  public CheckResult run() {
    List<ProbeResult> results = prober.probeAll(urls);
    List<ProbeResult> failed = results.stream().filter(r -> !r.ok()).collect(Collectors.toList());
    String summary =
        failed.isEmpty()
            ? (results.size() == 1
                ? "ok in " + Durations.measured(results.get(0).timings().total())
                : "all " + results.size() + " ok")
            : failed.stream().map(UrlCheck::failure).collect(Collectors.joining("; "));
    return new CheckResult(!failed.isEmpty(), false, summary, results, IncidentEvidence.NONE);
  }

  private static String failure(ProbeResult result) {
    String phase = result.failedIn().map(p -> " (" + p.label() + ")").orElse("");
    String status = result.status() > 0 ? " " + result.status() : "";
    return result.url() + " " + result.outcome().label() + status + phase;
  }

  @Override
  public IncidentEvidence investigate(CheckResult failing) throws InterruptedException {
    return prober.diagnose(failing.probes(), pid);
  }

  @Override
  public String reproduction() {
    return "hangdoctor probe "
        + urls.stream().map(URI::toString).collect(Collectors.joining(" "))
        + (pid.isPresent() ? " --pid " + pid.getAsInt() : "");
  }
}
