package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.Target;
import org.junit.jupiter.api.Test;

/** A real `uvicorn --reload` whose restart waits for an open event stream to close. */
class ReloadWaitsForOpenConnectionLiveTest {
  private static final String RULE = "reload-waits-for-open-connection";

  @Test
  void theReloaderJoiningAServerThatHoldsAStreamIsNamedWithTheServerAndItsConnection() {
    FixtureScript script = FixtureScript.of(RULE + "/reload_dev.py");
    try (Target target = Target.start(script.runBy(Verdicts.fastapiPython().path()))) {
      long reloader = target.readyInt("pid");
      String server = target.ready().get("server");
      String port = target.ready().get("port");

      Verdicts.everyWindow(
          RULE + " naming the old server",
          reloader,
          diagnosis -> {
            assertThat(diagnosis.findings()).isNotEmpty();
            Finding finding = diagnosis.findings().get(0);
            assertThat(finding.ruleId()).isEqualTo(RULE);
            assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
            assertThat(finding.threadName()).isEqualTo("MainThread");
            assertThat(finding.kind()).contains("old server PID " + server);
            assertThat(finding.keyFrames())
                .anySatisfy(f -> assertThat(f.qualifiedName()).isEqualTo("BaseReload.restart"));
            assertThat(finding.evidence())
                .anySatisfy(l -> assertThat(l).contains("wait4(" + server))
                .anySatisfy(l -> assertThat(l).contains("1 open connection on port " + port));
            assertThat(finding.fix()).contains("--timeout-graceful-shutdown");
          });
    }
  }
}
