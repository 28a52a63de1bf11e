package dev.hangdoctor.probe;

import java.util.List;

/** The probes of one {@code hangdoctor probe} call, in the order given, and what they led to. */
public record ProbeReport(List<ProbeResult> results, IncidentEvidence evidence) {
  public ProbeReport {
    results = List.copyOf(results);
  }

  public boolean allOk() {
    return results.stream().allMatch(ProbeResult::ok);
  }
}
