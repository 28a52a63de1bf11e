package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real pytest suite whose session fixture, in its teardown, calls a local service that accepts
 * the connection and never answers, without a timeout: what {@code hangdoctor run} is for.
 */
class PytestRunTest {
  private static final String SUITE = "pytest-session-teardown";

  /**
   * The deadline: a passing pytest run must finish well within it, and the hanging one must have
   * reached its teardown, on a loaded machine too (a pass takes about 1 s when idle, 5 s at load
   * 15).
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static String python() {
    return Tool.PYTEST.require(Interpreters.pythonWith("pytest")).path().toString();
  }

  private static List<String> pytest(Path suite, String... envPrefix) {
    List<String> command = new ArrayList<>(List.of(envPrefix));
    command.addAll(List.of(python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s"));
    command.add(suite.toString());
    return command;
  }

  @Test
  void aTeardownStuckOnAnHttpCallIsDiagnosedBeforeTheTreeIsKilled(@TempDir Path tmp)
      throws Exception {
    Path suite = Fixtures.copy(SUITE, tmp);
    Path reports = tmp.resolve("reports");
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(pytest(suite))
                .withTimeout(TIMEOUT)
                .withKillAfter(Duration.ofSeconds(2))
                .withReportDir(reports));

    assertThat(result.exitStatus()).as(runs.status()).isEqualTo(124);
    AttemptResult attempt = result.attempts().get(0);
    assertThat(attempt.outcome()).isEqualTo(Outcome.HUNG);
    Path conftest = suite.resolve("conftest.py");
    int hangLine = Fixtures.lineOf(conftest, "# hangs here");
    int callSite = Fixtures.lineOf(conftest, "# teardown calls the service");
    Path dir = reports.resolve("attempt-1");
    String text = Files.readString(dir.resolve("diagnosis.txt"));
    assertThat(text).as(text).contains(conftest + ":" + hangLine).contains("flush_inventory");
    assertThat(attempt.verdict().orElseThrow()).contains("conftest.py:" + hangLine);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("diagnosis.json").toFile());
    assertThat(framesIn(json, conftest.toString()))
        .as("the JSON has the whole stack: the stuck call and the fixture's teardown call site")
        .contains("flush_inventory:" + hangLine, "inventory:" + callSite);
    assertThat(json.findValues("pid").stream().map(JsonNode::asInt).collect(Collectors.toSet()))
        .as("the service below pytest is diagnosed too")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(dir.resolve("diagnosis.md")).exists();
    assertThat(Files.readString(dir.resolve("summary.txt")))
        .contains("outcome: hung")
        .contains("exit status: 124")
        .contains("command: hangdoctor run -- ");
    assertThat(attempt.survivors()).isEmpty();
    assertThat(MarkerOracle.carriers(attempt.markerId())).as("processes left running").isEmpty();
    assertThat(runs.status()).contains("attempt 1/1: timed out after 20.0 s; diagnosing");
    assertThat(RunnerTest.hungAfterSeconds(runs.status(), "attempt 1/1"))
        .isGreaterThanOrEqualTo(20.0);
  }

  @Test
  void aTeardownThatHangsSometimesGivesAFlakeTable(@TempDir Path tmp) throws Exception {
    Path suite = Fixtures.copy(SUITE, tmp);
    Path counter = tmp.resolve("runs");
    Runs runs = new Runs();

    RunResult result =
        runs.run(
            RunOptions.of(pytest(suite, "env", "INVENTORY_RUN_COUNTER=" + counter))
                .withTimeout(TIMEOUT)
                .withKillAfter(Duration.ofSeconds(2))
                .withRepeat(6));

    List<Outcome> outcomes =
        result.attempts().stream().map(AttemptResult::outcome).collect(Collectors.toList());
    assertThat(outcomes)
        .as("the service stays silent on its 2nd and 5th run: " + runs.status())
        .containsExactly(
            Outcome.PASSED,
            Outcome.HUNG,
            Outcome.PASSED,
            Outcome.PASSED,
            Outcome.HUNG,
            Outcome.PASSED);
    assertThat(result.exitStatus()).isEqualTo(124);
    List<String> table = FlakeTable.render(result.attempts());
    assertThat(table.get(1)).matches("1 +passed +0 +\\d+\\.\\d s");
    assertThat(table.get(2)).matches("2 +hung +124 +\\d+\\.\\d s  .*conftest\\.py:\\d+.*");
    assertThat(table.get(table.size() - 1))
        .isEqualTo("6 runs: 4 (67%) passed, 0 (0%) failed, 2 (33%) hung");
    for (AttemptResult attempt : result.attempts()) {
      assertThat(MarkerOracle.carriers(attempt.markerId())).isEmpty();
    }
  }

  /** "function:line" of every frame object in {@code json} whose file is {@code file}. */
  private static List<String> framesIn(JsonNode json, String file) {
    List<String> frames = new ArrayList<>();
    collect(json, file, frames);
    return frames;
  }

  private static void collect(JsonNode node, String file, List<String> frames) {
    if (node.isObject() && file.equals(node.path("file").asText(null))) {
      frames.add(node.path("function").asText() + ":" + node.path("line").asInt());
    }
    node.forEach(child -> collect(child, file, frames));
  }
}
