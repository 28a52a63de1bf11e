package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.probe.ProcessDiagnoser;
import dev.hangdoctor.rules.signatures.KnownSignatures;

/** The diagnosis of a live process tree, Python stacks included, as the probe verbs need it. */
final class LiveDiagnosis {
  private LiveDiagnosis() {}

  static ProcessDiagnoser over(ProcFs procFs, SamplingPlan plan) {
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    Diagnoser diagnoser =
        new Diagnoser(
            new InspectionCollector(
                ProcessReader.system(), tree, LivePython.source(procFs), Pause.SLEEP),
            tree,
            KnownSignatures.engine());
    return pid -> diagnoser.diagnose(pid, plan);
  }
}
