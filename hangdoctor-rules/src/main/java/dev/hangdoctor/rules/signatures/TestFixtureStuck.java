package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.TimeoutAdvice;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pytest run stuck in a fixture's setup or teardown: the thread's stack has pytest's fixture
 * machinery around a user fixture function that is blocked in the same wait for the whole window.
 * More specific than the blocking call alone (it says which fixture, in which phase, and that no
 * test can run or the session cannot end), so it is ranked before the generic read rule.
 */
final class TestFixtureStuck implements Rule {
  static final String ID = "test-fixture-stuck";

  /** pytest's frames (qualified names, pytest 7 to 9) that run a fixture's setup. */
  private static final Set<String> SETUP_FRAMES =
      Set.of(
          "call_fixture_func",
          "pytest_fixture_setup",
          "FixtureDef.execute",
          "SetupState.setup",
          "pytest_runtest_setup");

  /** pytest's frames that run a fixture's teardown (finalizers, the code after a yield). */
  private static final Set<String> TEARDOWN_FRAMES =
      Set.of(
          "_teardown_yield_fixture",
          "FixtureDef.finish",
          "SetupState.teardown_exact",
          "pytest_runtest_teardown");

  /** pytest's frames that run the test itself: a hang there is the test's, not a fixture's. */
  private static final Set<String> CALL_FRAMES =
      Set.of("pytest_pyfunc_call", "pytest_runtest_call");

  private enum Phase {
    SETUP,
    TEARDOWN
  }

  /** Where in pytest the thread is: the phase, pytest's innermost frame and the fixture's frame. */
  private record InFixture(Phase phase, PythonFrame pytestFrame, PythonFrame fixtureFrame) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    for (ThreadActivity thread : inspection.window().threads()) {
      if (!thread.waitUnchanged()
          || Waits.timedIdleWait(thread.kernelWait().syscall()).isPresent()) {
        continue;
      }
      Optional<InFixture> where = sameFixtureInEverySample(inspection, thread.tid());
      where.ifPresent(fixture -> findings.add(finding(inspection, thread, fixture)));
    }
    return findings;
  }

  private static Optional<InFixture> sameFixtureInEverySample(Inspection inspection, int tid) {
    Optional<InFixture> first = Optional.empty();
    for (ProcessSnapshot sample : inspection.samples()) {
      Optional<PythonThread> python = Lookup.pythonThread(sample, tid);
      Optional<InFixture> now = python.flatMap(thread -> inFixture(thread.frames()));
      if (now.isEmpty()
          || (first.isPresent()
              && !sameCode(first.get().fixtureFrame(), now.get().fixtureFrame()))) {
        return Optional.empty();
      }
      if (first.isEmpty()) {
        first = now;
      }
    }
    return first.isPresent()
        ? inFixture(Lookup.frames(inspection.latest(), tid))
        : Optional.empty();
  }

  /**
   * The fixture is the frame pytest's innermost frame called; the phase is that of the innermost
   * phase frame of pytest's.
   */
  private static Optional<InFixture> inFixture(List<PythonFrame> frames) {
    int pytest = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (isPytest(frames.get(i))) {
        pytest = i;
        break;
      }
    }
    if (pytest <= 0) {
      return Optional.empty();
    }
    for (int i = pytest; i < frames.size(); i++) {
      PythonFrame frame = frames.get(i);
      if (!isPytest(frame)) {
        continue;
      }
      if (CALL_FRAMES.contains(frame.qualifiedName())) {
        return Optional.empty();
      }
      Phase phase =
          SETUP_FRAMES.contains(frame.qualifiedName())
              ? Phase.SETUP
              : TEARDOWN_FRAMES.contains(frame.qualifiedName()) ? Phase.TEARDOWN : null;
      if (phase != null) {
        return Optional.of(new InFixture(phase, frames.get(pytest), frames.get(pytest - 1)));
      }
    }
    return Optional.empty();
  }

  private static boolean isPytest(PythonFrame frame) {
    return frame.file() != null && frame.file().contains("/_pytest/");
  }

  private static boolean sameCode(PythonFrame a, PythonFrame b) {
    return Objects.equals(a.file(), b.file())
        && Objects.equals(a.qualifiedName(), b.qualifiedName());
  }

  private static Finding finding(Inspection inspection, ThreadActivity thread, InFixture where) {
    List<PythonFrame> frames = Lookup.frames(inspection.latest(), thread.tid());
    List<PythonFrame> keyFrames = new ArrayList<>(UserFrames.keyFrames(frames));
    PythonFrame fixture = where.fixtureFrame();
    if (!keyFrames.contains(fixture)) {
      keyFrames.add(keyFrames.isEmpty() ? 0 : 1, fixture);
    }
    String phase = where.phase() == Phase.SETUP ? "setup" : "teardown";
    String fixtureName = fixture.function();
    String fixtureAt = UserFrames.location(fixture);
    PythonFrame callSite = keyFrames.get(0);

    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pytest is in the "
            + phase
            + " of fixture '"
            + fixtureName
            + "' ("
            + fixtureAt
            + "), called from "
            + where.pytestFrame().qualifiedName()
            + " ("
            + UserFrames.location(where.pytestFrame())
            + "), in every sample");
    evidence.add(
        Lookup.waitAndSocket(inspection, thread)
            + ", unchanged in all "
            + Lookup.window(inspection));
    evidence.add(String.format(Locale.ROOT, "CPU %.1f %% over the window", thread.cpuPercent()));

    String consequence =
        where.phase() == Phase.SETUP
            ? "no test that uses it can start"
            : "the session cannot finish and report";
    String explanation =
        "The "
            + phase
            + " of pytest fixture '"
            + fixtureName
            + "' waits in "
            + thread.kernelWait().syscall().name()
            + "() at "
            + UserFrames.location(callSite)
            + " and has not moved for the whole window: it has no timeout, so "
            + consequence
            + ", and the run hangs instead of failing.";
    String fix =
        "At "
            + UserFrames.location(callSite)
            + " ("
            + callSite.qualifiedName()
            + "): "
            + TimeoutAdvice.forCall(frames, thread.kernelWait().syscall())
            + ". Guard the whole run with pytest-timeout (pytest --timeout=300, or"
            + " @pytest.mark.timeout) so a stuck fixture fails with a traceback."
            + (where.phase() == Phase.TEARDOWN
                ? " Make the teardown of '"
                    + fixtureName
                    + "' best-effort: a short timeout and try/except around the cleanup, so a"
                    + " cleanup that cannot reach its service logs and moves on."
                : " Fail the setup of '"
                    + fixtureName
                    + "' fast when its service does not answer (pytest.fail or pytest.skip after"
                    + " the timeout).");
    return new Finding(
        ID,
        "pytest fixture " + phase + " stuck",
        Confidence.HIGH,
        thread.tid(),
        Lookup.threadName(inspection, thread),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
