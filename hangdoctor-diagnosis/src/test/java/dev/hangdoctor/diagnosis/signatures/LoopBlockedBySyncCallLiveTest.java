package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Event loops held by a synchronous call in a coroutine, on uvicorn and on plain asyncio. */
class LoopBlockedBySyncCallLiveTest {
  private static final String RULE = "loop-blocked-by-sync-call";

  @Test
  @SuppressWarnings("try") // the open request is what holds the server in its state
  void anAsyncFastapiRouteCallingUrlopenBlocksTheLoop() {
    FixtureScript script = FixtureScript.of(RULE + "/stock_api.py");
    try (Target target = Target.start(script.runBy(Verdicts.fastapiPython().path()));
        HttpClientStub client = HttpClientStub.get(target.readyInt("port"), "/stock/A-1")) {
      target.awaitAnnouncement("STUCK", LiveFixtures.HANDSHAKE);

      Verdicts.everyWindow(
          RULE + " at the urlopen call",
          target.pid(),
          diagnosis -> {
            Finding finding = leading(diagnosis);
            assertCallSite(finding, target, script, "/stock_api.py");
            assertThat(finding.evidence())
                .anySatisfy(line -> assertThat(line).startsWith("recvfrom(").contains("TCP"));
            assertThat(finding.fix()).contains("asyncio.to_thread");
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  @SuppressWarnings("try") // the open request is what holds the server in its state
  void aCoroutinePollingWithTimeSleepBlocksTheLoop(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of(RULE + "/export_service.py");
    try (Target target = Target.start(script.runBy(python.path()));
        HttpClientStub client = HttpClientStub.get(target.readyInt("port"), "/export")) {
      target.awaitAnnouncement("STUCK", LiveFixtures.HANDSHAKE);

      Verdicts.everyWindow(
          RULE + " at the time.sleep poll",
          target.pid(),
          diagnosis -> {
            Finding finding = leading(diagnosis);
            assertCallSite(finding, target, script, "/export_service.py");
            assertThat(finding.fix()).contains("await asyncio.sleep");
          });
    }
  }

  static Stream<PythonInterpreter> cpythons() {
    return Verdicts.supportedCpythons();
  }

  private static Finding leading(Diagnosis diagnosis) {
    assertThat(diagnosis.findings()).as("findings").isNotEmpty();
    Finding first = diagnosis.findings().get(0);
    assertThat(first.ruleId()).as("the leading finding: %s", first).isEqualTo(RULE);
    return first;
  }

  private static void assertCallSite(
      Finding finding, Target target, FixtureScript script, String file) {
    assertThat(finding.tid()).isEqualTo(target.readyInt("loop_tid")).isEqualTo(target.pid());
    PythonFrame site = finding.keyFrames().get(0);
    assertThat(site.file()).endsWith(file);
    assertThat(site.line()).isEqualTo(script.lineOf("# hangs here"));
  }
}
