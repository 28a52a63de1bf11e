package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exit status of a verdict against {@code --fail-on}, on diagnoses made by hand. */
class FailOnTest {
  @Test
  void lowFindingsArePrintedButExitZeroUnlessFailOnLow() {
    Diagnosis lowOnly = diagnosis(List.of(finding(Confidence.LOW)), List.of());

    StringWriter err = new StringWriter();
    assertThat(DiagnoseRun.verdict(lowOnly, Confidence.MEDIUM, new PrintWriter(err)))
        .isEqualTo(ExitCode.OK);
    assertThat(err.toString())
        .isEqualTo(
            "hangdoctor: exit status 0: every finding is less sure than MEDIUM (--fail-on"
                + " medium)\n");
    assertThat(DiagnoseRun.verdict(lowOnly, Confidence.LOW, new PrintWriter(new StringWriter())))
        .isEqualTo(ExitCode.HANG_FOUND);
  }

  @Test
  void aSureEnoughFindingAnywhereInTheTreeFails() {
    Diagnosis child = diagnosis(List.of(finding(Confidence.HIGH)), List.of());
    Diagnosis parent = diagnosis(List.of(finding(Confidence.LOW)), List.of(child));
    Diagnosis medium = diagnosis(List.of(finding(Confidence.MEDIUM)), List.of());
    PrintWriter quiet = new PrintWriter(new StringWriter());

    assertThat(DiagnoseRun.verdict(parent, Confidence.HIGH, quiet)).isEqualTo(ExitCode.HANG_FOUND);
    assertThat(DiagnoseRun.verdict(medium, Confidence.MEDIUM, quiet))
        .isEqualTo(ExitCode.HANG_FOUND);
    assertThat(DiagnoseRun.verdict(medium, Confidence.HIGH, quiet)).isEqualTo(ExitCode.OK);
    StringWriter err = new StringWriter();
    assertThat(
            DiagnoseRun.verdict(
                diagnosis(List.of(), List.of()), Confidence.LOW, new PrintWriter(err)))
        .isEqualTo(ExitCode.OK);
    assertThat(err.toString()).as("nothing to explain when nothing was found").isEmpty();
  }

  @Test
  void theLevelIsLowMediumOrHighInAnyCaseAndMediumByDefault() {
    FailOnOption option = new FailOnOption();
    new CommandLine(new Holder(option)).parseArgs();
    assertThat(option.threshold()).isEqualTo(Confidence.MEDIUM);
    new CommandLine(new Holder(option)).parseArgs("--fail-on", "HIGH");
    assertThat(option.threshold()).isEqualTo(Confidence.HIGH);
    new CommandLine(new Holder(option)).parseArgs("--fail-on=low");
    assertThat(option.threshold()).isEqualTo(Confidence.LOW);

    CliRun bad = CliRun.of("diagnose", "1", "--fail-on", "sometimes");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err())
        .contains("'sometimes' is not a confidence level: use low, medium or high");
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin final FailOnOption failOn;

    Holder(FailOnOption failOn) {
      this.failOn = failOn;
    }
  }

  private static Finding finding(Confidence confidence) {
    return new Finding(
        "long-lock-wait",
        "long lock wait",
        confidence,
        7,
        "worker",
        List.of(),
        List.of("evidence"),
        "explanation",
        "fix");
  }

  private static Diagnosis diagnosis(List<Finding> findings, List<Diagnosis> children) {
    return new Diagnosis(
        Diagnosis.SCHEMA_VERSION,
        new Inspection(Inspection.SCHEMA_VERSION, 7, List.of(), null, null, false),
        findings,
        findings.isEmpty() ? List.of("healthy") : List.of(),
        children);
  }
}
