package dev.hangdoctor.probe;

import dev.hangdoctor.evidence.Diagnosis;
import java.net.URI;
import java.util.List;

/** The verdict on the process serving some failed URLs. */
public record ServerDiagnosis(int pid, List<URI> urls, Diagnosis diagnosis) {
  public ServerDiagnosis {
    urls = List.copyOf(urls);
  }
}
