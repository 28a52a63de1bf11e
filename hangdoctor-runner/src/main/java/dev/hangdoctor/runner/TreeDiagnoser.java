package dev.hangdoctor.runner;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcReadException;

/**
 * Diagnoses a live process and its descendants (normally {@code dev.hangdoctor.diagnosis.Diagnoser}
 * with the live Python stack reader). Called from several threads at once, one process tree each.
 */
@FunctionalInterface
public interface TreeDiagnoser {
  /**
   * @throws ProcReadException when the process could not be read at all (it exited, or access was
   *     refused)
   */
  Diagnosis diagnose(int pid) throws ProcReadException, InterruptedException;
}
