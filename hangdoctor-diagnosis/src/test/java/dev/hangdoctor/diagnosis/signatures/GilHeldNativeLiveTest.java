package dev.hangdoctor.diagnosis.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.testkit.KernelOracle;
import dev.hangdoctor.testkit.PythonInterpreter;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread in native code that never lets the GIL go, with other threads starved of it. No Python
 * code of the target can run once the GIL is held, so the target cannot announce that state itself:
 * it names its threads on READY and the test waits until the kernel shows the starved ones asleep
 * on the GIL (and the PyDLL holder in its sleep) before taking its windows.
 */
class GilHeldNativeLiveTest {
  private static final String RULE = "gil-held-native";
  private static final String[] STARVED_BY_PYDLL = {"heartbeat (tid", "orders (tid"};
  private static final String[] STARVED_BY_REGEX = {"heartbeat (tid", "uploader (tid"};
  private static final Duration GIL_HELD = Duration.ofSeconds(30);

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
      Set<Integer> starvedTids =
          Arrays.stream(target.ready().get("starved").split(","))
              .map(Integer::parseInt)
              .collect(Collectors.toSet());
      KernelOracle.awaitSleeping(target.pid(), starvedTids, GIL_HELD, "futex");
      if (script.startsWith("pydll")) {
        KernelOracle.awaitSleeping(target.pid(), Set.of(holder), GIL_HELD, "clock_nanosleep");
      }
      String[] starved = script.startsWith("pydll") ? STARVED_BY_PYDLL : STARVED_BY_REGEX;

      Verdicts.everyWindow(
          RULE + " for tid " + holder,
          target.pid(),
          diagnosis -> {
            Finding finding = HungFixtures.assertFirst(diagnosis, RULE, holder);
            HungFixtures.assertMarked(finding.keyFrames().get(0), source);
            // A waiter is named when it woke often in its timed GIL waits; on a loaded machine one
            // of the two may have sat on the run queue for most of the window, so one is enough
            // (the main thread may be starved too, if it had not reached join() yet).
            assertThat(finding.evidence())
                .anySatisfy(
                    line -> assertThat(line).contains("wait for the GIL").containsAnyOf(starved));
          });
    }
  }
}
