package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import org.junit.jupiter.api.Test;

/** --width and --color on a real diagnosis; the defaults of a pipe. */
class OutputOptionsTest {
  @Test
  void aPipeGetsNoColourAndNoWrapping() {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run = CliRun.of("diagnose", Long.toString(target.pid()), "--samples", "2");

      assertThat(run.out()).doesNotContain("\u001b[");
      assertThat(run.out().lines())
          .anySatisfy(line -> assertThat(line.length()).isGreaterThan(100));
    }
  }

  @Test
  void widthAndColourAreAppliedWhenAsked() {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      CliRun run =
          CliRun.of(
              "diagnose",
              Long.toString(target.pid()),
              "--samples",
              "2",
              "--width",
              "64",
              "--color",
              "always");

      assertThat(run.out())
          .as("the verdict line is painted, whatever the verdict")
          .startsWith("\u001b[1;")
          .contains("\u001b[0m\n");
      assertThat(run.out().lines())
          .as(
              "every line fits, but a word longer than the width (a path, now also in the C"
                  + " frames) stays whole at the end of its line")
          .filteredOn(line -> !line.contains("\u001b") && line.strip().contains(" "))
          .allSatisfy(line -> assertThat(fits(line, 64)).as(line).isTrue());
    }
  }

  @Test
  void aBadColourOrWidthIsAUsageError() {
    assertThat(CliRun.of("ps", "--color", "sometimes").exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(CliRun.of("ps", "--width", "-1").exitCode()).isEqualTo(ExitCode.USAGE.code());
  }

  /**
   * True when {@code line} is at most {@code width} long, or only its last word overflows: a word
   * longer than most of the width (a path) that wrapping cannot shorten.
   */
  private static boolean fits(String line, int width) {
    String text = line.stripTrailing();
    int lastSpace = text.lastIndexOf(' ');
    return text.length() <= width
        || lastSpace <= width && text.length() - lastSpace - 1 > width / 2;
  }
}
