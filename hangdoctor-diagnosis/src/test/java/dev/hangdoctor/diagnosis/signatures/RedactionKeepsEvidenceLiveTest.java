package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.PythonStackReader;
import dev.hangdoctor.diagnosis.Diagnoser;
import dev.hangdoctor.diagnosis.InspectionCollector;
import dev.hangdoctor.diagnosis.LiveDiagnoser;
import dev.hangdoctor.diagnosis.Pause;
import dev.hangdoctor.diagnosis.redact.EvidenceRedactor;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.ProcessReader;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.tree.ProcessTreeReader;
import dev.hangdoctor.rules.signatures.KnownSignatures;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redaction rebuilds every evidence record; evidence that holds no secret must come out of it
 * unchanged, field for field — the scheduler's statistics, the tracer, the wait-for graph, the
 * locks a thread holds, the call it makes, source lines, whole stacks. A field added to a record
 * and forgotten by the redactor silently disables the rules that read it, since rules see redacted
 * evidence.
 */
class RedactionKeepsEvidenceLiveTest {
  static Stream<PythonInterpreter> pythons() {
    return LiveFixtures.pythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void evidenceWithoutSecretsIsTheSameAfterRedaction(PythonInterpreter python) throws Exception {
    try (Target target =
        Target.start(LiveFixtures.python(python, "lock-deadlock", "transfers.py"))) {
      target.readyInt("to-checking");
      assertSameAfterRedaction(target);
    }
  }

  /** The asyncio task graph too: task names, await chains, waits, the locks tasks hold. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void asyncioTaskGraphIsTheSameAfterRedaction(PythonInterpreter python) throws Exception {
    try (Target target =
        Target.start(LiveFixtures.python(python, "async-tasks", "seat_booking.py"))) {
      target.readyInt("loop");
      Diagnosis diagnosis = assertSameAfterRedaction(target);
      assertThat(diagnosis.inspection().latest().python().asyncio().tasks())
          .anySatisfy(task -> assertThat(task.holds()).isNotEmpty());
    }
  }

  private static Diagnosis assertSameAfterRedaction(Target target) throws Exception {
    ProcFs procFs = ProcFs.system();
    ProcessTreeReader tree = new ProcessTreeReader(procFs);
    Diagnoser unredacted =
        new Diagnoser(
            new InspectionCollector(
                    ProcessReader.system(), tree, new PythonStackReader(procFs)::read, Pause.SLEEP)
                .withRedactor(Redactor.NONE),
            tree,
            KnownSignatures.engine());

    Diagnosis diagnosis = unredacted.diagnose((int) target.pid(), LiveDiagnoser.WINDOW);

    assertThat(diagnosis.findings()).as("a finding, so its stack is compared too").isNotEmpty();
    assertThat(diagnosis.inspection().latest().threads())
        .anySatisfy(t -> assertThat(t.schedStat()).isNotNull());
    assertThat(new EvidenceRedactor(Redactor.DEFAULT).diagnosis(diagnosis))
        .usingRecursiveComparison()
        .isEqualTo(diagnosis);
    return diagnosis;
  }
}
