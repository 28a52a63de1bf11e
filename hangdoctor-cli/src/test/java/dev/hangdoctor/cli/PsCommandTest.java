package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PsCommandTest {
  @Test
  void theStuckGrandchildIsMarkedAndSoAreTheParentsWaitingOnIt() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      String top = Long.toString(target.pid());
      String child = target.ready().get("child");
      String grandchild = target.ready().get("grandchild");

      String out =
          Await.value(
              "the grandchild to be marked as stuck in a pipe read",
              Duration.ofSeconds(30),
              () -> {
                CliRun run = CliRun.of("ps", top, "--long-after", "0s", "--settle", "300ms");
                return run.out().contains("waits on stuck child PID " + child)
                    ? Optional.of(run.out())
                    : Optional.empty();
              });

      assertThat(out)
          .containsPattern("(?m)^" + top + " .*◀ waits on stuck child PID " + child + "$");
      assertThat(out)
          .containsPattern(
              "(?m)^"
                  + child
                  + " +"
                  + top
                  + " .*└─ .*◀ waits on stuck child PID "
                  + grandchild
                  + "$");
      assertThat(out)
          .containsPattern(
              "(?m)^"
                  + grandchild
                  + " +"
                  + child
                  + " .*└─ .*◀ read\\(fd \\d+: pipe:\\[\\d+\\]\\) in (anon_)?pipe_read, unchanged over"
                  + " 0.3 s with no wake-up$");
    }
  }

  @Test
  void plainSleepsAndPausesAreNotMarked() {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      CliRun run =
          CliRun.of("ps", Long.toString(target.pid()), "--long-after", "0s", "--settle", "300ms");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains(Long.toString(target.pid())).doesNotContain("◀");
    }
  }

  @Test
  void processesYoungerThanTheThresholdAreNotMarked() {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run = CliRun.of("ps", Long.toString(target.pid()), "--long-after", "1h");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).doesNotContain("◀").contains(target.ready().get("grandchild"));
    }
  }

  @Test
  void withoutAPidTheForestOfOurUserContainsThisJvm() {
    CliRun run = CliRun.of("ps", "--settle", "100ms");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("(?m)^" + ProcessHandle.current().pid() + " ");
  }

  @Test
  void jsonTreeHasTheSchemaVersionAndTheMarks() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      String grandchild = target.ready().get("grandchild");
      String out =
          Await.value(
              "the grandchild's mark in the JSON",
              Duration.ofSeconds(30),
              () -> {
                CliRun run =
                    CliRun.of(
                        "ps",
                        Long.toString(target.pid()),
                        "--json",
                        "--long-after",
                        "0s",
                        "--settle",
                        "300ms");
                return run.out().contains("\"kind\" : \"STUCK_WAIT\"")
                    ? Optional.of(run.out())
                    : Optional.empty();
              });

      assertThat(out)
          .contains("\"schemaVersion\" : 1")
          .contains("\"pid\" : " + grandchild)
          .contains("\"marks\"")
          .contains("\"kind\" : \"WAITS_ON_STUCK_CHILD\"");
    }
  }

  @Test
  void aBadSettleIsAUsageError() {
    assertThat(CliRun.of("ps", "--settle", "0s").exitCode()).isEqualTo(ExitCode.USAGE.code());
  }
}
