package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' case on real servers: a streaming route leaves {@code with ThreadPoolExecutor()} while
 * its workers wait on a backend that never answers, and the event loop blocks in shutdown.
 */
class ExecutorShutdownBlocksLoopLiveTest {
  private static final String RULE = "executor-shutdown-blocks-loop";

  @Test
  @SuppressWarnings("try") // the open request is what holds the server in its state
  void aUvicornStreamingRouteWhoseClientLeftBlocksTheLoopInShutdown() {
    FixtureScript script = FixtureScript.of(RULE + "/quote_api.py");
    try (Target target = Target.start(script.runBy(Verdicts.fastapiPython().path()))) {
      int port = target.readyInt("port");
      try (HttpClientStub client = HttpClientStub.get(port, "/quotes")) {
        client.readUntil("symbol,price");
      }
      target.awaitAnnouncement("STUCK", LiveFixtures.HANDSHAKE);

      Verdicts.everyWindow(
          RULE + " on the uvicorn loop",
          target.pid(),
          diagnosis -> {
            assertLoopFinding(leading(diagnosis), target, script, "/quote_api.py");
            assertThat(diagnosis.findings().get(0).evidence())
                .filteredOn(line -> line.startsWith("pool worker"))
                .hasSize(4)
                .allSatisfy(line -> assertThat(line).contains("recvfrom(").contains("fetch_quote"));
          });
      try (HttpClientStub health = HttpClientStub.get(port, "/health")) {
        Await.value(
            "the /health request left unaccepted on port " + port,
            LiveFixtures.HANDSHAKE,
            () ->
                Verdicts.diagnose(target.pid()).inspection().latest().sockets().stream()
                    .filter(s -> s.state() == SocketState.LISTEN && s.local().port() == port)
                    .filter(s -> s.receiveQueue() != null && s.receiveQueue() >= 1)
                    .findFirst());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cpythons")
  @SuppressWarnings("try") // the open request is what holds the server in its state
  void aStdlibAsyncioStreamThatTimedOutBlocksTheLoopInShutdown(PythonInterpreter python) {
    FixtureScript script = FixtureScript.of(RULE + "/quote_service.py");
    try (Target target = Target.start(script.runBy(python.path()));
        HttpClientStub client = HttpClientStub.get(target.readyInt("port"), "/quotes")) {
      target.awaitAnnouncement("STUCK", LiveFixtures.HANDSHAKE);

      Verdicts.everyWindow(
          RULE + " on the asyncio loop",
          target.pid(),
          diagnosis -> {
            assertLoopFinding(leading(diagnosis), target, script, "/quote_service.py");
            assertThat(diagnosis.findings())
                .filteredOn(f -> f.ruleId().equals("blocking-network-read"))
                .hasSize(4);
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

  private static void assertLoopFinding(
      Finding finding, Target target, FixtureScript script, String file) {
    assertThat(finding.tid()).isEqualTo(target.readyInt("loop_tid")).isEqualTo(target.pid());
    assertThat(finding.threadName()).isEqualTo("MainThread");
    PythonFrame key = finding.keyFrames().get(0);
    assertThat(key.file()).endsWith(file);
    assertThat(key.line()).isEqualTo(script.lineOf("# hangs here"));
    assertThat(finding.keyFrames())
        .extracting(PythonFrame::qualifiedName)
        .contains("ThreadPoolExecutor.shutdown");
    assertThat(finding.fix())
        .contains(file.substring(1) + ":" + script.lineOf("# hangs here"))
        .contains(file.substring(1) + ":" + script.lineOf("# worker blocks here"));
  }
}
