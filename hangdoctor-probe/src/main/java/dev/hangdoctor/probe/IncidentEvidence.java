package dev.hangdoctor.probe;

import dev.hangdoctor.evidence.Confidence;
import java.util.List;

/**
 * What could be learned about failed probes beyond the probes themselves: the verdict on each local
 * process serving them, and notes on what could not be diagnosed and why.
 */
public record IncidentEvidence(List<ServerDiagnosis> diagnoses, List<String> notes) {
  public static final IncidentEvidence NONE = new IncidentEvidence(List.of(), List.of());

  public IncidentEvidence {
    diagnoses = List.copyOf(diagnoses);
    notes = List.copyOf(notes);
  }

  public boolean hangFound() {
    return diagnoses.stream().anyMatch(d -> d.diagnosis().hangFound());
  }

  /** A finding at least as sure as {@code atLeast} in any of the diagnosed processes. */
  public boolean hangFound(Confidence atLeast) {
    return diagnoses.stream().anyMatch(d -> d.diagnosis().hangFound(atLeast));
  }
}
