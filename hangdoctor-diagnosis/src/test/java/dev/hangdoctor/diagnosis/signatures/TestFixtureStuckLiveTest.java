package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real pytest runs stuck in a session fixture's setup or teardown. */
class TestFixtureStuckLiveTest {
  private static final String RULE = "test-fixture-stuck";

  @ParameterizedTest
  @ValueSource(strings = {"setup", "teardown"})
  void theFixtureAndItsPhaseAreNamedAtTheMarkedLine(String phase) {
    PythonInterpreter python = Tool.PYTEST.require(Interpreters.pythonWith("pytest"));
    Path suite = HungFixtures.path(RULE + "/" + phase);
    List<String> command =
        List.of(
            python.path().toString(),
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-s",
            suite.toString());
    try (Target target =
        Target.start(TargetSpec.command(command).withEnv("PYTHONDONTWRITEBYTECODE", "1"))) {
      assertThat(target.ready().get("phase")).isEqualTo(phase);
      int tid = target.readyInt("tid");

      Verdicts.everyWindow(
          "the fixture's " + phase + " stuck",
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, RULE, tid);
            assertThat(finding.kind()).isEqualTo("pytest fixture " + phase + " stuck");
            HungFixtures.assertMarked(finding.keyFrames().get(0), suite.resolve("conftest.py"));
            assertThat(finding.keyFrames().get(0).function()).isEqualTo("account");
            assertThat(diagnosis.findings())
                .filteredOn(f -> f.tid() == tid)
                .extracting(Finding::ruleId)
                .as("one verdict for the thread: the generic network read is folded into it")
                .containsExactly(RULE);
          });
    }
  }
}
