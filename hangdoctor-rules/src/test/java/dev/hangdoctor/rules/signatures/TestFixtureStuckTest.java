package dev.hangdoctor.rules.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestFixtureStuckTest {
  private final TestFixtureStuck rule = new TestFixtureStuck();

  @Test
  void aSessionFixtureTeardownInUrlopenIsNamedWithItsPhaseAndLine() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.FIXTURE_TEARDOWN));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(16253);
    assertThat(finding.threadName()).isEqualTo("MainThread");
    assertThat(finding.kind()).isEqualTo("pytest fixture teardown stuck");
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    PythonFrame fixture = finding.keyFrames().get(0);
    assertThat(fixture.file()).isEqualTo("/tmp/fx/app/fixture-teardown/conftest.py");
    assertThat(fixture.line()).isEqualTo(36);
    assertThat(fixture.function()).isEqualTo("account");
    assertThat(finding.keyFrames().get(1).qualifiedName()).isEqualTo("SocketIO.readinto");
    assertThat(finding.evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("teardown of fixture 'account'")
                    .contains("_teardown_yield_fixture"))
        .anySatisfy(line -> assertThat(line).contains("recvfrom").contains("ESTABLISHED"));
    assertThat(finding.fix())
        .contains("/tmp/fx/app/fixture-teardown/conftest.py:36")
        .contains("urlopen(url, timeout=10)")
        .contains("pytest-timeout")
        .contains("best-effort");
  }

  @Test
  void aSessionFixtureSetupInUrlopenIsTheSetupPhase() {
    List<Finding> findings = rule.evaluate(Fixtures.load(Fixtures.FIXTURE_SETUP));

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.tid()).isEqualTo(16308);
    assertThat(finding.kind()).isEqualTo("pytest fixture setup stuck");
    assertThat(finding.keyFrames().get(0).file())
        .isEqualTo("/tmp/fx/app/fixture-setup/conftest.py");
    assertThat(finding.keyFrames().get(0).line()).isEqualTo(35);
    assertThat(finding.evidence())
        .anySatisfy(line -> assertThat(line).contains("setup of fixture 'account'"));
  }

  @Test
  void explainsTheThreadInsteadOfTheGenericNetworkRead() {
    Diagnosis diagnosis =
        KnownSignatures.engine().diagnose(Fixtures.load(Fixtures.FIXTURE_TEARDOWN));

    assertThat(new BlockingNetworkRead().evaluate(Fixtures.load(Fixtures.FIXTURE_TEARDOWN)))
        .as("the generic rule alone does match this thread")
        .anySatisfy(finding -> assertThat(finding.tid()).isEqualTo(16253));
    assertThat(diagnosis.findings().get(0).ruleId()).isEqualTo(TestFixtureStuck.ID);
    assertThat(diagnosis.findings().get(0).tid()).isEqualTo(16253);
    assertThat(diagnosis.findings())
        .filteredOn(finding -> finding.tid() == 16253)
        .extracting(Finding::ruleId)
        .containsExactly(TestFixtureStuck.ID);
  }

  @Test
  void aHangInsideTheTestBodyIsNotAFixtureHang() {
    Inspection recorded = Fixtures.load(Fixtures.FIXTURE_TEARDOWN);
    Inspection inTest =
        Edits.pythonThread(
            recorded,
            16253,
            thread -> {
              List<PythonFrame> frames = new ArrayList<>(thread.frames());
              PythonFrame pytest = frames.get(11);
              frames.add(
                  12,
                  new PythonFrame(
                      "pytest_pyfunc_call",
                      "pytest_pyfunc_call",
                      pytest.file().replace("fixtures.py", "python.py"),
                      166,
                      PythonFrame.Owner.THREAD));
              frames.set(
                  11,
                  new PythonFrame(
                      "wrapper",
                      "wrapper",
                      "/tmp/fx/_pytest/unittest.py",
                      1,
                      PythonFrame.Owner.THREAD));
              return Edits.withFrames(thread, frames);
            });

    assertThat(rule.evaluate(inTest)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Fixtures.BLOCKING_RECV,
        Fixtures.NATIVE_SPINNER,
        Fixtures.PYTHON_SPIN,
        Fixtures.SOCKETS,
        Fixtures.FD_LEAK,
        Fixtures.HEALTHY_ASYNCIO,
        Fixtures.EXIT_THREAD_RECV,
        Fixtures.EXIT_POOL_WORKER,
        Fixtures.EXIT_POOL_WORKER_313,
        Fixtures.GIL_PYDLL_SLEEP,
        Fixtures.GIL_REGEX,
        Fixtures.HEALTHY_SLEEPER
      })
  void doesNotFireOutsidePytest(String recording) {
    assertThat(rule.evaluate(Fixtures.load(recording))).isEmpty();
  }
}
