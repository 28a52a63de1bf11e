package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.probe.ProcessDiagnoser;
import dev.hangdoctor.rules.RuleEngine;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import java.util.Optional;

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
    return diagnoser(procFs, engine, Redactor.DEFAULT);
  }

  /** As above, the evidence going through {@code redactor} as it is read. */
  static Diagnoser diagnoser(ProcFs procFs, RuleEngine engine, Redactor redactor) {
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    return new Diagnoser(
        new InspectionCollector(
            ProcessReader.system(),
            tree,
            LivePython.source(procFs),
            LiveJvm.source(procFs),
            Pause.SLEEP,
            redactor),
        tree,
        engine,
        pid -> Optional.of(PtraceAccess.of(procFs, pid)));
  }

  /**
   * As the probe verbs need it: every known signature over {@code plan}'s window, none counting the
   * connections of hangdoctor's own probes.
   */
  static ProcessDiagnoser over(ProcFs procFs, SamplingPlan plan) {
    return over(procFs, plan, Redactor.DEFAULT);
  }

  /** As above, through {@code redactor}. */
  static ProcessDiagnoser over(ProcFs procFs, SamplingPlan plan, Redactor redactor) {
    return (pid, own) ->
        diagnoser(procFs, KnownSignatures.engine(own), redactor).diagnose(pid, plan);
  }
}
