package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A thread in native code that never lets the GIL go, with other threads starved of it. */
class GilHeldNativeLiveTest {
  private static final String RULE = "gil-held-native";
  private static final String[] STARVED_BY_PYDLL = {"heartbeat (tid", "orders (tid"};
  private static final String[] STARVED_BY_REGEX = {"heartbeat (tid", "uploader (tid"};

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (PythonInterpreter python : HungFixtures.stdlibPythons()) {
      cases.add(Arguments.of(python, "pydll_sleep.py"));
      cases.add(Arguments.of(python, "regex_backtrack.py"));
    }
    return cases;
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void theHolderIsNamedAtTheCallIntoNativeCode(PythonInterpreter python, String script) {
    Path source = HungFixtures.path(RULE + "/" + script);
    try (Target target =
        Target.start(TargetSpec.command(List.of(python.path().toString(), source.toString())))) {
      int holder = target.readyInt("holder_tid");

      String[] starved = script.startsWith("pydll") ? STARVED_BY_PYDLL : STARVED_BY_REGEX;

      Diagnosis diagnosis =
          HungFixtures.awaitFirstFinding(
              target.pid(),
              RULE,
              holder,
              f -> f.evidence().stream().anyMatch(line -> containsAll(line, starved)));

      Finding finding = diagnosis.findings().get(0);
      HungFixtures.assertMarked(finding.keyFrames().get(0), source);
      assertThat(finding.evidence())
          .as("the main thread may be starved too, if it had not reached join() yet")
          .anySatisfy(line -> assertThat(line).contains("wait for the GIL").contains(starved));
    }
  }

  private static boolean containsAll(String line, String[] parts) {
    return line.contains("wait for the GIL") && List.of(parts).stream().allMatch(line::contains);
  }
}
