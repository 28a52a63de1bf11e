package dev.hangdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import dev.hangdoctor.testkit.Tool;
import dev.hangdoctor.testkit.Windows;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A FastAPI service whose event loop is stuck in a blocking read: {@code /health} times out waiting
 * for the first byte, and the diagnosis of the process listening on the port names the line, in
 * every probe taken after the service proved its loop blocked in the read.
 */
class StuckServerProbeTest {
  private static final ProbeSettings ONE_SECOND =
      new ProbeSettings(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), false, 1 << 20);

  @Test
  void healthTimesOutAndTheListenerDiagnosisNamesTheBlockingLine() throws Exception {
    PythonInterpreter python =
        Tool.FASTAPI_UVICORN.require(Interpreters.pythonWith("fastapi", "uvicorn"));
    Path fixture = LiveProcessDiagnoser.fixture("stuck_api.py");
    String hangsHere = LiveProcessDiagnoser.markedLine(fixture);
    try (Target api =
        Target.start(TargetSpec.command(List.of(python.path().toString(), fixture.toString())))) {
      URI health = URI.create("http://127.0.0.1:" + api.readyInt("port") + "/health");
      Prober prober = LiveProcessDiagnoser.prober(ONE_SECOND);

      Windows.all(
          "/health timing out and the listener diagnosed at the blocking line",
          () -> prober.run(List.of(health), OptionalInt.empty()),
          report -> {
            ProbeResult probe = report.results().get(0);
            assertThat(probe.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
            assertThat(probe.failedIn()).contains(Phase.FIRST_BYTE);
            assertThat(report.evidence().diagnoses()).hasSize(1);
            ServerDiagnosis server = report.evidence().diagnoses().get(0);
            assertThat(server.pid()).isEqualTo((int) api.pid());
            assertThat(server.urls()).containsExactly(health);
            assertThat(server.diagnosis().findings()).isNotEmpty();
            assertThat(server.diagnosis().findings().get(0).ruleId())
                .as("an async route making a blocking call holds the whole event loop")
                .isEqualTo("loop-blocked-by-sync-call");
            assertThat(IncidentText.of(report.evidence()))
                .contains("Diagnosis of PID " + api.pid() + " (serving " + health + "): hang found")
                .contains(hangsHere);
          });
    }
  }
}
