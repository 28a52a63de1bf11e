package dev.hangdoctor.probe;

import java.util.List;

/**
 * One check of a watch: whether it failed, whether the watched process is gone (which ends the
 * watch), a one-line summary, the probes it made (none when watching a pid) and the evidence it
 * already holds (the diagnosis, when watching a pid).
 */
public record CheckResult(
    boolean failing,
    boolean targetGone,
    String summary,
    List<ProbeResult> probes,
    IncidentEvidence evidence) {
  public CheckResult {
    probes = List.copyOf(probes);
  }
}
