package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs sample test classes through the JUnit engine and checks the extension's verdicts. The
 * samples register nothing themselves: the extension reaches them through the testkit's service
 * file and junit-platform.properties, so these tests also prove the automatic registration.
 *
 * <p>The samples are static nested classes, which Surefire never selects on its own (its default
 * excludes skip {@code *$*}), and {@link OnlyInsideEngineTestKit} disables them unless the
 * configuration parameter {@value #SAMPLES} is set, which only this class does. That keeps them out
 * of IDE runs too, without surefire tags or global system properties.
 */
class NoLeakedProcessesExtensionTest {
  static final String SAMPLES = "hangdoctor.testkit.run-samples";
  static final String TRACE = "TESTKIT_TRACE";
  static final AtomicLong leakedChild = new AtomicLong();
  static volatile String daemonToken;

  private static EngineExecutionResults run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter")
        // read junit-platform.properties as a real launcher does: it enables the autodetection
        .enableImplicitConfigurationParameters(true)
        .configurationParameter(SAMPLES, "true")
        .selectors(selectClass(sample))
        .execute();
  }

  @Test
  void failsTestsThatLeakAndKillsWhatTheyLeft() {
    daemonToken = UUID.randomUUID().toString();
    Events events = run(LeakingSample.class).testEvents();

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("leaksAChild"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m -> m.contains("left 1 process(es) running") && m.contains("sleep 301")))))
        .haveExactly(
            1,
            event(
                test("leaksATargetWithADaemon"),
                finishedWithFailure(
                    message(m -> m.contains("sleep 302") && m.contains("killed now")))))
        .haveExactly(1, event(test("closesWhatItStarts"), finishedSuccessfully()))
        .haveExactly(1, event(test("leavesAnExitingProcess"), finishedSuccessfully()));

    assertThat(ProcOracle.alive(leakedChild.get())).as("leaked child").isFalse();
    assertThat(ProcOracle.pidsWithEnv(TRACE + "=" + daemonToken)).as("leaked daemon").isEmpty();
  }

  @Test
  void allowsTargetsSharedAcrossAClassButNotLeakedByIt() {
    EngineExecutionResults shared = run(SharedTargetSample.class);
    shared.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
    shared.containerEvents().assertStatistics(s -> s.failed(0));
    run(ClassLeakSample.class)
        .allEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("usesTheTarget"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                container(ClassLeakSample.class),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("ClassLeakSample left 1 process")
                                && m.contains("sleep 306")))));
  }

  /** Enables the samples only when {@link NoLeakedProcessesExtensionTest} runs them. */
  static final class OnlyInsideEngineTestKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(SAMPLES).isPresent()
          ? ConditionEvaluationResult.enabled("run by NoLeakedProcessesExtensionTest")
          : ConditionEvaluationResult.disabled("sample for NoLeakedProcessesExtensionTest only");
    }
  }

  private static TargetSpec shell(String script) {
    return TargetSpec.command(List.of("sh", "-c", script));
  }

  @ExtendWith(OnlyInsideEngineTestKit.class)
  static class LeakingSample {
    @Test
    void leaksAChild() throws IOException {
      leakedChild.set(new ProcessBuilder("sleep", "301").start().pid());
    }

    @Test
    void leaksATargetWithADaemon() {
      Target.start(
          shell("(setsid sleep 302 &) ; echo READY; exec sleep 303").withEnv(TRACE, daemonToken));
    }

    @Test
    void closesWhatItStarts() {
      try (Target target = Target.start(shell("echo READY; exec sleep 304"))) {
        assertThat(target.pid()).isPositive();
      }
    }

    @Test
    void leavesAnExitingProcess() throws IOException {
      new ProcessBuilder("true").start();
    }
  }

  @ExtendWith(OnlyInsideEngineTestKit.class)
  static class SharedTargetSample {
    static Target shared;

    @BeforeAll
    static void startShared() {
      shared = Target.start(shell("echo READY; exec sleep 305"));
    }

    @AfterAll
    static void closeShared() {
      shared.close();
    }

    @Test
    void first() {
      assertThat(ProcOracle.alive(shared.pid())).isTrue();
    }

    @Test
    void second() {
      assertThat(ProcOracle.alive(shared.pid())).isTrue();
    }

    @Test
    void third() {
      assertThat(ProcOracle.alive(shared.pid())).isTrue();
    }
  }

  @ExtendWith(OnlyInsideEngineTestKit.class)
  static class ClassLeakSample {
    static Target forgotten;

    @BeforeAll
    static void startForgotten() {
      forgotten = Target.start(shell("echo READY; exec sleep 306"));
    }

    @Test
    void usesTheTarget() {
      assertThat(ProcOracle.alive(forgotten.pid())).isTrue();
    }
  }
}
