package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.DiagnosisTextRenderer;
import dev.hangdoctor.diagnosis.report.Verdict;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real processes hangdoctor cannot see into, or that do nothing at all: never "no hang found". A
 * CPython 3.10, a JVM, a stopped process. (Another user's process is in the command line's
 * end-to-end test: the test JVM runs as root.)
 */
class CouldNotLookLiveTest {
  private static final String FIXTURES = "could-not-look";

  private static PythonInterpreter python310() {
    Optional<PythonInterpreter> old =
        Interpreters.cpythons().stream().filter(p -> p.major() == 3 && p.minor() == 10).findFirst();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(old).as("CI must have pyenv's CPython 3.10 to check 'could not look'").isPresent();
    }
    assumeTrue(old.isPresent(), "no CPython 3.10 on this machine");
    return old.get();
  }

  @Test
  void anIdleCpython310IsOneHangdoctorCouldNotLookInto() {
    PythonInterpreter python = python310();
    try (Target target =
        Target.start(LiveFixtures.python(python, FIXTURES, "waits_for_an_event.py"))) {
      Diagnosis diagnosis =
          LiveFixtures.inEveryWindow(
              target.pid(), "a settled window", d -> d.inspection().samples().size() == 3);

      Verdict verdict = Verdict.of(diagnosis);
      assertThat(verdict.kind()).isEqualTo(Verdict.Kind.COULD_NOT_LOOK);
      assertThat(diagnosis.blindSpots())
          .singleElement()
          .satisfies(
              spot -> {
                assertThat(spot.kind()).isEqualTo(BlindSpot.Kind.UNSUPPORTED);
                assertThat(spot.what()).isEqualTo("Python stacks");
                assertThat(spot.why()).isEqualTo("CPython 3.10: hangdoctor reads 3.11 to 3.14");
                assertThat(spot.remedy()).contains("py-spy dump --pid " + target.pid());
              });
      assertThat(text(diagnosis))
          .startsWith(
              "could not look inside PID "
                  + target.pid()
                  + ": Python stacks not read (CPython 3.10: hangdoctor reads 3.11 to 3.14)\n")
          .doesNotContain("no hang found");
    }
  }

  @Test
  void aCpython310BlockedInARecvGetsAMediumFindingWithThePythonFix() {
    PythonInterpreter python = python310();
    try (Target target =
        Target.start(LiveFixtures.python(python, FIXTURES, "reads_a_silent_service.py"))) {
      Diagnosis diagnosis =
          LiveFixtures.inEveryWindow(
              target.pid(),
              "the blocked read",
              d -> LiveFixtures.finding(d, "blocking-network-read").isPresent());

      Finding finding = LiveFixtures.finding(diagnosis, "blocking-network-read").orElseThrow();
      assertThat(finding.keyFrames()).isEmpty();
      assertThat(finding.confidence()).isEqualTo(Confidence.MEDIUM);
      assertThat(finding.evidence())
          .contains(
              "Python stacks not read (CPython 3.10: hangdoctor reads 3.11 to 3.14): the call"
                  + " site is not known");
      assertThat(finding.fix())
          .contains("sock.settimeout(seconds)")
          .contains("py-spy dump --pid " + target.pid())
          .doesNotContain("SO_RCVTIMEO");
      assertThat(text(diagnosis))
          .startsWith("HANG (medium confidence): blocking network read without a timeout")
          .contains(
              "  could not look at Python stacks (CPython 3.10: hangdoctor reads 3.11 to 3.14)");
    }
  }

  @Test
  void aJvmIsOneHangdoctorCannotLookInsideYet() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path source = LiveFixtures.script("jvm", "Parked.java");
    // The source launcher compiles Parked.java first: on a loaded machine that alone takes seconds.
    TargetSpec parked =
        TargetSpec.command(List.of(java.toString(), source.toString()))
            .withReadyTimeout(Duration.ofSeconds(120));
    try (Target target = Target.start(parked)) {
      Diagnosis diagnosis =
          LiveFixtures.inEveryWindow(
              target.pid(), "a settled window", d -> d.inspection().samples().size() == 3);

      assertThat(Verdict.of(diagnosis).kind()).isEqualTo(Verdict.Kind.COULD_NOT_LOOK);
      assertThat(diagnosis.blindSpots())
          .singleElement()
          .satisfies(
              spot -> {
                assertThat(spot.kind()).isEqualTo(BlindSpot.Kind.NOT_READ_YET);
                assertThat(spot.what()).isEqualTo("Java stacks");
                assertThat(spot.remedy()).contains("jcmd " + target.pid() + " Thread.print");
              });
      assertThat(text(diagnosis))
          .startsWith(
              "could not look inside PID "
                  + target.pid()
                  + ": Java stacks not read (hangdoctor cannot look inside a JVM yet");
    }
  }

  @Test
  void aStoppedProcessIsNeverCalledHealthy() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      signal("STOP", target.pid());
      try {
        Diagnosis diagnosis =
            LiveFixtures.inEveryWindow(
                target.pid(), "a window of the stopped process", Verdict::stopped);

        Verdict verdict = Verdict.of(diagnosis);
        assertThat(verdict.hangFound()).isTrue();
        assertThat(text(diagnosis)).startsWith("HANG").doesNotContain("no hang found");
      } finally {
        signal("CONT", target.pid());
      }
    }
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static String text(Diagnosis diagnosis) {
    return new DiagnosisTextRenderer(OutputStyle.PLAIN).render(diagnosis);
  }
}
