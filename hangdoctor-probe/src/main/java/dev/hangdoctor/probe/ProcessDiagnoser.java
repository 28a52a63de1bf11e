package dev.hangdoctor.probe;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.rules.OwnConnections;

/**
 * Diagnoses a live process and its descendants over a sampling window. The CLI wires it to {@link
 * dev.hangdoctor.diagnosis.Diagnoser} with the Python stack reader; tests may do the same.
 */
@FunctionalInterface
public interface ProcessDiagnoser {
  /**
   * The diagnosis of {@code pid} and its descendants; {@code own} are connections hangdoctor made
   * to it (its probes), which no signature may count as the process's own doing.
   */
  Diagnosis diagnose(int pid, OwnConnections own) throws ProcReadException, InterruptedException;
}
