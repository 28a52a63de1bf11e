package dev.hangdoctor.probe;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcReadException;

/**
 * Diagnoses a live process and its descendants over a sampling window. The CLI wires it to {@link
 * dev.hangdoctor.diagnosis.Diagnoser} with the Python stack reader; tests may do the same.
 */
@FunctionalInterface
public interface ProcessDiagnoser {
  Diagnosis diagnose(int pid) throws ProcReadException, InterruptedException;
}
