package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A daemon sleeping between checks, with an idle worker on a queue: no hang. */
class HealthySleeperLiveTest {

  static List<PythonInterpreter> pythons() {
    return HungFixtures.stdlibPythons();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythons")
  void getsNoHangVerdict(PythonInterpreter python) {
    Path source = HungFixtures.path("healthy-sleeper/sleeper.py");
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.path().toString(), source.toString())))) {
      int worker = target.readyInt("worker_tid");

      Verdicts.everyWindow(
          "no hang in a sleeping daemon",
          target.pid(),
          diagnosis -> {
            assertThat(diagnosis.hangFound()).as("findings: %s", diagnosis.findings()).isFalse();
            assertThat(diagnosis.healthyReasons())
                .anySatisfy(reason -> assertThat(reason).contains("tid " + worker));
          });
    }
  }
}
