package dev.hangdoctor.testkit;

import java.io.PrintStream;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints every skipped test or test class with its reason, one line each, so a missing tool shows
 * in the Maven output ({@code SKIPPED LivePySpyDifferentialTest > … : py-spy is not available (pip
 * install py-spy)}) instead of as a silent "Skipped: 1" or, for a whole class, "Tests run: 0".
 * Registered for every module that has the testkit on its test classpath, through {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkipReporter implements TestExecutionListener {
  static final String PREFIX = "SKIPPED ";

  private final PrintStream out;
  private TestPlan plan;

  public SkipReporter() {
    this(System.out);
  }

  SkipReporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    report(test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }
  }

  private void report(TestIdentifier test, String reason) {
    out.println(PREFIX + name(test) + ": " + (reason == null ? "no reason given" : reason));
    out.flush();
  }

  /** "Class > test > invocation", from the test's parents up to its class. */
  private String name(TestIdentifier test) {
    StringBuilder name = new StringBuilder(test.getDisplayName());
    Optional<TestIdentifier> parent = parent(test);
    while (parent.isPresent() && !isEngine(parent.get())) {
      name.insert(0, parent.get().getDisplayName() + " > ");
      parent = parent(parent.get());
    }
    return name.toString();
  }

  private Optional<TestIdentifier> parent(TestIdentifier test) {
    return plan == null ? Optional.empty() : plan.getParent(test);
  }

  private static boolean isEngine(TestIdentifier test) {
    return UniqueId.parse(test.getUniqueId()).getSegments().size() == 1;
  }
}
