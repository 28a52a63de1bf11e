package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.probe.ProcessDiagnoser;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.signatures.KnownSignatures;

/**
 * The diagnosis of a live process tree, Python stacks and Java threads included: the one wiring of
 * {@link Diagnoser} that {@code diagnose}, {@code run}, {@code probe} and {@code watch} share.
 */
final class LiveDiagnosis {
  private LiveDiagnosis() {}

  /**
   * A diagnoser of live processes seen through {@code procFs}, with {@code engine}'s signatures.
   */
  static Diagnoser diagnoser(ProcFs procFs, RuleEngine engine) {
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    return new Diagnoser(
        new InspectionCollector(
            ProcessReader.system(),
            tree,
            LivePython.source(procFs),
            LiveJvm.source(procFs),
            Pause.SLEEP),
        tree,
        engine);
  }

  /** As the probe verbs need it: every known signature over {@code plan}'s window. */
  static ProcessDiagnoser over(ProcFs procFs, SamplingPlan plan) {
    Diagnoser diagnoser = diagnoser(procFs, KnownSignatures.engine());
    return pid -> diagnoser.diagnose(pid, plan);
  }
}
