package dev.hangdoctor.cli;

import dev.hangdoctor.diagnosis.SamplingPlan;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import dev.hangdoctor.runner.ChildIo;
import dev.hangdoctor.runner.RunEvents;
import dev.hangdoctor.runner.Runner;
import dev.hangdoctor.runner.Ticker;
import dev.hangdoctor.runner.TreeDiagnoser;
import dev.hangdoctor.runner.compare.Comparer;
import dev.hangdoctor.runner.compare.GitException;
import dev.hangdoctor.runner.compare.Side;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * What {@code compare} and {@code bisect} share: runners whose command output is discarded (only
 * the outcome counts, and dozens of runs would bury the table), whose status lines are shown only
 * when something goes wrong (a report not written, a process not diagnosed), and the one-line error
 * for a git problem.
 */
final class CompareSetup {
  private CompareSetup() {}

  static Comparer.Runners runners(PrintWriter err, Redactor redactor, OutputOptions output) {
    TreeDiagnoser diagnoser =
        pid ->
            LiveDiagnosis.diagnoser(ProcFs.system(), KnownSignatures.engine(), redactor)
                .diagnose(pid, SamplingPlan.DEFAULT);
    return (side, options) ->
        new Runner(
            options,
            diagnoser,
            ChildIo.capture(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()),
            new ProblemsOnly(err, side, redactor),
            Ticker.SYSTEM,
            output.file());
  }

  static void status(PrintWriter err, String line) {
    err.println("hangdoctor: " + line);
    err.flush();
  }

  static HangdoctorException failure(GitException e) {
    return new HangdoctorException(
        e.missing() ? ExitCode.MISSING_PROGRAM : ExitCode.USAGE, e.getMessage());
  }

  /** Shows a runner's lines that say something could not be done; the rest is in the table. */
  private static final class ProblemsOnly implements RunEvents {
    private final PrintWriter err;
    private final Side side;
    private final Redactor redactor;

    ProblemsOnly(PrintWriter err, Side side, Redactor redactor) {
      this.err = err;
      this.side = side;
      this.redactor = redactor;
    }

    @Override
    public void status(String line) {
      if (line.contains("could not")
          || line.contains("not found")
          || line.contains("not executable")
          || line.contains("cannot")) {
        CompareSetup.status(err, side.label() + ": " + redactor.text(line));
      }
    }

    @Override
    public void diagnosis(String text) {
      // without --report the evidence of each hang is its verdict, in the table
    }
  }
}
