package dev.hangdoctor.probe;

import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.rules.OwnConnections;
import java.util.List;

/**
 * A check that samples a process over a short window and applies the hang signatures: it fails when
 * the diagnosis finds a hang (threads sitting in the same wait across the samples, not idle,
 * spinning, …) at least as sure as {@code failOn}, and ends the watch when the process is gone.
 */
public final class PidCheck implements Check {
  private final int pid;
  private final ProcessDiagnoser diagnoser;
  private final Confidence failOn;

  /** A check that fails on HIGH and MEDIUM findings, as {@code --fail-on medium}. */
  public PidCheck(int pid, ProcessDiagnoser diagnoser) {
    this(pid, diagnoser, Confidence.MEDIUM);
  }

  public PidCheck(int pid, ProcessDiagnoser diagnoser, Confidence failOn) {
    this.pid = pid;
    this.diagnoser = diagnoser;
    this.failOn = failOn;
  }

  @Override
  public CheckResult run() throws InterruptedException {
    Diagnosis diagnosis;
    try {
      diagnosis = diagnoser.diagnose(pid, OwnConnections.NONE);
    } catch (ProcReadException e) {
      String why = e.targetExited() ? "exited" : "cannot be read: " + e.getMessage();
      return new CheckResult(
          !e.targetExited(),
          e.targetExited(),
          "PID " + pid + " " + why,
          List.of(),
          IncidentEvidence.NONE);
    }
    IncidentEvidence evidence =
        new IncidentEvidence(List.of(new ServerDiagnosis(pid, List.of(), diagnosis)), List.of());
    Verdict verdict = Verdict.of(diagnosis);
    return new CheckResult(
        verdict.hangFound() && diagnosis.hangFound(failOn),
        false,
        summary(diagnosis),
        List.of(),
        evidence);
  }

  private String summary(Diagnosis diagnosis) {
    Verdict verdict = Verdict.of(diagnosis);
    if (verdict.kind() == Verdict.Kind.STOPPED || verdict.kind() == Verdict.Kind.COULD_NOT_LOOK) {
      return verdict.kind() == Verdict.Kind.STOPPED
          ? "PID " + verdict.process().pid() + " is stopped"
          : "PID "
              + verdict.process().pid()
              + ": could not look at "
              + verdict.process().blindSpots().get(0).what();
    }
    for (Diagnosis process : diagnosis.flatten()) {
      if (!process.findings().isEmpty()) {
        Finding top = process.findings().get(0);
        String where =
            top.keyFrames().isEmpty()
                ? ""
                : " at " + top.keyFrames().get(0).file() + ":" + top.keyFrames().get(0).line();
        String thread = top.threadName() == null ? "" : " in thread " + top.threadName();
        return "PID " + process.pid() + ": " + top.kind() + thread + where;
      }
    }
    return "PID "
        + pid
        + ": no hang"
        + (diagnosis.healthyReasons().isEmpty()
            ? ""
            : " (" + diagnosis.healthyReasons().get(0) + ")");
  }

  @Override
  public IncidentEvidence investigate(CheckResult failing) {
    return failing.evidence();
  }

  @Override
  public String reproduction() {
    return "hangdoctor inspect " + pid;
  }
}
