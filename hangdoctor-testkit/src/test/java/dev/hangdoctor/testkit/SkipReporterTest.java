package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * A missing tool is a skip that says why, in the output; under CI a tool that {@code .ci/run}
 * installs is a failure instead. The samples run only inside {@link #run(Class)}, as in {@link
 * NoLeakedProcessesExtensionTest}.
 */
class SkipReporterTest {
  static final String SAMPLES = "hangdoctor.testkit.run-skip-samples";

  @Test
  void aSkippedTestIsPrintedWithItsReason() {
    String out = run(MissingToolSample.class);

    assertThat(out)
        .contains(
            "SKIPPED SkipReporterTest$MissingToolSample > needsRoot(): "
                + Tool.ROOT.missingReason())
        .doesNotContain("runs()");
  }

  @Test
  void aClassSkippedBeforeItsTestsIsPrintedToo() {
    String out = run(ClassWithoutToolSample.class);

    assertThat(out)
        .isEqualTo(
            "SKIPPED SkipReporterTest$ClassWithoutToolSample: "
                + Tool.PYENV_CPYTHONS.missingReason()
                + "\n");
  }

  @Test
  void aMissingToolSkipsOutsideCiAndFailsUnderCiWhenCiInstallsIt() {
    assertThatThrownBy(() -> Tool.PY_SPY.require(Optional.empty(), false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("py-spy is not available (pip install py-spy)");
    assertThatThrownBy(() -> Tool.PY_SPY.require(Optional.empty(), true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CI (CI=true) must have it (see .ci/run)");
    assertThatThrownBy(() -> Tool.ROOT.require(Optional.empty(), true))
        .as("a tool CI does not install is still only a skip under CI")
        .isInstanceOf(TestAbortedException.class);
    assertThat(Tool.GCC.require(Optional.of("gcc"), true)).isEqualTo("gcc");
  }

  private static String run(Class<?> sample) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkipReporter(out))
                .build());
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(sample))
            .configurationParameter(SAMPLES, "true")
            .build();
    launcher.execute(request);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Enables the samples only when {@link SkipReporterTest} runs them. */
  static final class OnlyInsideThisTest implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(SAMPLES).isPresent()
          ? ConditionEvaluationResult.enabled("run by SkipReporterTest")
          : ConditionEvaluationResult.disabled("sample for SkipReporterTest only");
    }
  }

  @ExtendWith(OnlyInsideThisTest.class)
  static class MissingToolSample {
    @Test
    void needsRoot() {
      Tool.ROOT.require(Optional.empty(), false);
    }

    @Test
    void runs() {
      assertThat(Tool.GCC.require(Optional.of(1), false)).isEqualTo(1);
    }
  }

  @ExtendWith(OnlyInsideThisTest.class)
  static class ClassWithoutToolSample {
    @BeforeAll
    static void needsPyenv() {
      Tool.PYENV_CPYTHONS.require(Optional.empty(), false);
    }

    @Test
    void neverRuns() {
      throw new AssertionError("the class was skipped");
    }
  }
}
