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
  void theStuckGrandchildIsMarkedAndItsParentsWaitForChildren() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      String top = Long.toString(target.pid());
      String child = target.ready().get("child");
      String grandchild = target.ready().get("grandchild");

      String out =
          Await.value(
              "the grandchild to be marked as blocked in a pipe read",
              Duration.ofSeconds(10),
              () -> {
                CliRun run = CliRun.of("ps", top, "--long-after", "0s");
                return run.out().contains("long-running, blocked in")
                    ? Optional.of(run.out())
                    : Optional.empty();
              });

      assertThat(out).containsPattern("(?m)^" + top + " .*waits for a child");
      assertThat(out).containsPattern("(?m)^" + child + " +" + top + " .*└─ .*waits for a child");
      assertThat(out)
          .containsPattern(
              "(?m)^"
                  + grandchild
                  + " +"
                  + child
                  + " .* (anon_)?pipe_read .*└─ .*◀ long-running, blocked in (anon_)?pipe_read");
    }
  }

  @Test
  void descendantsYoungerThanTheThresholdAreNotMarkedLongRunning() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run = CliRun.of("ps", Long.toString(target.pid()), "--long-after", "1h");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out())
          .doesNotContain("long-running")
          .contains(target.ready().get("grandchild"));
    }
  }

  @Test
  void withoutAPidTheForestOfOurUserContainsThisJvm() {
    CliRun run = CliRun.of("ps");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("(?m)^" + ProcessHandle.current().pid() + " ");
  }

  @Test
  void jsonTreeHasTheSchemaVersion() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run = CliRun.of("ps", Long.toString(target.pid()), "--json");

      assertThat(run.out())
          .contains("\"schemaVersion\" : 1")
          .contains("\"pid\" : " + target.ready().get("grandchild"));
    }
  }
}
