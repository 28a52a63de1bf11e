package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scripts whose main code returned while a thread they started never ends. */
class ExitJoinsThreadsLiveTest {
  private static final String RULE = "exit-joins-threads";

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (PythonInterpreter python : HungFixtures.stdlibPythons()) {
      cases.add(
          Arguments.of(
              python, "report_uploader.py", "interpreter exit waits for a non-daemon thread"));
      cases.add(
          Arguments.of(
              python, "pool_consumer.py", "interpreter exit waits for a thread-pool worker"));
    }
    return cases;
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void theThreadTheExitWaitsForIsNamedAtItsMarkedLine(
      PythonInterpreter python, String script, String kind) {
    Path source = HungFixtures.path(RULE + "/" + script);
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.path().toString(), source.toString())))) {
      int worker = target.readyInt("worker_tid");

      Verdicts.everyWindow(
          kind,
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, RULE, worker);
            assertThat(finding.kind()).isEqualTo(kind);
            assertThat(diagnosis.findings()).filteredOn(f -> f.ruleId().equals(RULE)).hasSize(1);
            HungFixtures.assertMarked(finding.keyFrames().get(0), source);
            assertThat(finding.evidence())
                .anySatisfy(line -> assertThat(line).contains("(tid " + target.pid() + ")"));
          });
    }
  }
}
