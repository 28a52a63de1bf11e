package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hangdoctor demo}: the seeds' case, hung for real, diagnosed, and stopped. */
class DemoCommandTest {
  @Test
  void theStreamLeavesTheLoopJoiningItsPoolAndTheDiagnosisFindsIt() throws Exception {
    CliRun run = CliRun.of("demo", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .containsPattern("curl -m 2 http://127\\.0\\.0\\.1:\\d+/health\n  HTTP/1\\.1 200 OK in")
        .containsPattern("curl -m 2 http://127\\.0\\.0\\.1:\\d+/health\n  no answer: timed out")
        .contains("giving up the stream")
        .contains("Stopped the demo service");
    Diagnosis diagnosis = JsonRenderer.mapper().readValue(run.out(), Diagnosis.class);
    assertThat(diagnosis.hangFound()).isTrue();

    int hangsHere = markedLine("# hangs here");
    int loopTid = diagnosis.pid(); // asyncio.run() runs the loop on the main thread
    PythonThread loop =
        diagnosis.inspection().latest().python().threads().stream()
            .filter(thread -> thread.nativeThreadId() == loopTid)
            .findFirst()
            .orElseThrow();
    PythonFrame userFrame =
        loop.frames().stream()
            .filter(frame -> frame.file().endsWith("/stuck_service.py"))
            .findFirst()
            .orElseThrow();
    assertThat(userFrame.qualifiedName()).isEqualTo("price_lines");
    assertThat(userFrame.line()).isEqualTo(hangsHere);
    assertThat(loop.frames().stream().map(PythonFrame::qualifiedName))
        .contains("ThreadPoolExecutor.shutdown", "Thread.join");
    Finding verdict = diagnosis.findings().get(0);
    assertThat(verdict.ruleId()).isEqualTo("executor-shutdown-blocks-loop");
    assertThat(verdict.tid()).isEqualTo(loopTid);
    assertThat(verdict.keyFrames().get(0).file()).endsWith("/stuck_service.py");
    assertThat(verdict.keyFrames().get(0).line()).isEqualTo(hangsHere);
    // Besides the verdict: the workers still in recv, one of them running the lookup whose
    // wait_for timed out (its future is cancelled, its thread goes on). The demo's own stand-in
    // backend reads its requests: nothing else is stuck.
    assertThat(diagnosis.findings())
        .extracting(Finding::ruleId)
        .containsOnly(
            "executor-shutdown-blocks-loop",
            "cancelled-thread-still-running",
            "blocking-network-read");
  }

  /** The 1-based line of the demo script that carries {@code marker}: the test's oracle. */
  static int markedLine(String marker) throws IOException {
    try (InputStream in = DemoService.class.getResourceAsStream("demo/stuck_service.py")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          return i + 1;
        }
      }
    }
    throw new AssertionError("no line marked " + marker + " in the demo script");
  }
}
