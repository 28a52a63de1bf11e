package dev.hangdoctor.diagnosis;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.time.Duration;

/** Diagnoses a real process in a test the way {@code hangdoctor diagnose} does. */
public final class LiveDiagnoser {
  /** The default window of {@code diagnose}: 3 samples, 500 ms apart. */
  public static final SamplingPlan WINDOW = new SamplingPlan(3, Duration.ofMillis(500));

  private LiveDiagnoser() {}

  public static Diagnoser create() {
    ProcFs procFs = ProcFs.system();
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    PythonSource python = new PythonStackReader(procFs)::read;
    return new Diagnoser(
        new InspectionCollector(ProcessReader.system(), tree, python, Pause.SLEEP),
        tree,
        KnownSignatures.engine());
  }

  public static Diagnosis diagnose(long pid) throws ProcReadException, InterruptedException {
    return create().diagnose((int) pid, WINDOW);
  }
}
