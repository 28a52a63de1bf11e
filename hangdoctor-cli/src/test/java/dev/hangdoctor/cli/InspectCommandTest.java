package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class InspectCommandTest {
  @Test
  void portFindsTheListenerAndTheReportShowsItsSockets() throws Exception {
    try (Target target = Target.start(TargetSpec.c("sockets.c"))) {
      CliRun run =
          CliRun.of(
              "inspect",
              "--port",
              target.ready().get("listen_port"),
              "--samples",
              "2",
              "--interval",
              "50ms");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("PID " + target.pid() + " ")
          .contains("CLOSE_WAIT  40 sockets")
          .containsPattern(
              "(?m)^  " + target.ready().get("recvq_fd") + " +TCP +ESTABLISHED .* 4242 ")
          .contains("LISTENING")
          .contains(":" + target.ready().get("listen_port") + " ");
    }
  }

  @Test
  void threadTableMarksTheWaitsThatNeverChanged() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      String pipeTid = target.ready().get("pipe_tid");
      String row =
          Await.value(
              "the pipe reader's row to be marked unchanged",
              Duration.ofSeconds(15),
              () ->
                  CliRun.of("inspect", Long.toString(target.pid()), "--interval", "200ms")
                      .out()
                      .lines()
                      .filter(line -> line.startsWith("  " + pipeTid + " "))
                      .filter(line -> line.contains("●"))
                      .findFirst());

      assertThat(row)
          .contains("pipe-reader")
          .contains("read(fd ")
          .contains("pipe:[")
          .contains("pipe_read");
    }
  }

  @Test
  void jsonIsTheFullEvidenceWithASchemaVersion() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run =
          CliRun.of(
              "inspect",
              Long.toString(target.pid()),
              "--json",
              "--samples",
              "2",
              "--interval",
              "10ms");

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode json = JsonRenderer.mapper().readTree(run.out());
      assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(json.get("samples")).hasSize(2);
      JsonNode latest = json.get("samples").get(1);
      assertThat(latest.get("threads")).hasSize(taskCount(target.pid()));
      assertThat(latest.get("process").get("pid").asLong()).isEqualTo(target.pid());
      assertThat(json.get("window").get("threads")).hasSize(taskCount(target.pid()));
      assertThat(json.get("tree").get("pid").asLong()).isEqualTo(target.pid());
      assertThat(latest.get("threads").get(0).get("kernelWait").has("running"))
          .as("helper methods are not part of the schema")
          .isFalse();
    }
  }

  @Test
  void aThreadIdIsResolvedToItsProcess() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run = CliRun.of("inspect", target.ready().get("sleep_tid"), "--samples", "1");

      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).contains("is a thread of PID " + target.pid());
      assertThat(run.out()).startsWith("PID " + target.pid() + " ");
    }
  }

  private static int taskCount(long pid) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return (int) tasks.count();
    }
  }
}
