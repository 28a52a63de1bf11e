package dev.hangdoctor.probe;

import dev.hangdoctor.linux.fs.ProcReadException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Probes URLs one after the other and, when some fail the way a stuck server makes them fail
 * (timeout, reset, slow), diagnoses the local process behind each (or the one given with {@code
 * --pid}), once per process however many of its URLs failed.
 */
public final class Prober {
  private final HttpProbe probe;
  private final ServerFinder servers;
  private final ProcessDiagnoser diagnoser;

  public Prober(HttpProbe probe, ServerFinder servers, ProcessDiagnoser diagnoser) {
    this.probe = probe;
    this.servers = servers;
    this.diagnoser = diagnoser;
  }

  /** Probes every URL, then diagnoses the servers of those that failed. */
  public ProbeReport run(List<URI> urls, OptionalInt pid) throws InterruptedException {
    List<ProbeResult> results = probeAll(urls);
    return new ProbeReport(results, diagnose(results, pid));
  }

  public List<ProbeResult> probeAll(List<URI> urls) {
    List<ProbeResult> results = new ArrayList<>();
    for (URI url : urls) {
      results.add(probe.probe(url));
    }
    return results;
  }

  /**
   * Diagnoses the processes behind the failed probes among {@code results}: {@code pid} when given
   * (for any failure), else the local listener of each URL whose failure suggests a stuck server.
   */
  public IncidentEvidence diagnose(List<ProbeResult> results, OptionalInt pid)
      throws InterruptedException {
    Map<Integer, List<URI>> byPid = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (ProbeResult result : results) {
      if (result.ok()) {
        continue;
      }
      if (pid.isPresent()) {
        byPid.computeIfAbsent(pid.getAsInt(), p -> new ArrayList<>()).add(result.url());
        continue;
      }
      if (!result.outcome().suggestsStuckServer() || result.remote() == null) {
        continue;
      }
      ServerFinder.Found found = servers.find(result.remote());
      if (found.found()) {
        byPid.computeIfAbsent(found.pid(), p -> new ArrayList<>()).add(result.url());
      } else {
        notes.add(result.url() + ": " + found.whyNone());
      }
    }
    List<ServerDiagnosis> diagnoses = new ArrayList<>();
    for (Map.Entry<Integer, List<URI>> entry : byPid.entrySet()) {
      int serverPid = entry.getKey();
      try {
        diagnoses.add(
            new ServerDiagnosis(serverPid, entry.getValue(), diagnoser.diagnose(serverPid)));
      } catch (ProcReadException e) {
        notes.add(
            "could not diagnose PID "
                + serverPid
                + (e.targetExited() ? ": it exited" : ": " + e.getMessage()));
      }
    }
    return new IncidentEvidence(diagnoses, notes);
  }
}
