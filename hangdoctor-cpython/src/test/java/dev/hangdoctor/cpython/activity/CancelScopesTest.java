package dev.hangdoctor.cpython.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.activity.CancelScopes.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which anyio cancel scope's cancel reaches a worker's job, and how it is said. */
class CancelScopesTest {
  private static final double NONE = Double.POSITIVE_INFINITY;

  private static Scope open(boolean shield) {
    return new Scope(false, shield, NONE, null);
  }

  private static Scope expired(double deadline) {
    return new Scope(
        true, false, deadline, "Cancelled via cancel scope 7f2a81c0; reason: deadline exceeded");
  }

  @Test
  void theScopeAroundTheCallCancelledByItsDeadlineReachesIt() {
    Scope failAfter = expired(100.0);

    assertThat(CancelScopes.reachingCancel(List.of(failAfter, open(false)))).contains(failAfter);
  }

  @Test
  void anOuterCancelReachesThroughUnshieldedScopes() {
    Scope taskGroup = new Scope(true, false, NONE, "Cancelled via cancel scope 7f2a81c0");

    assertThat(CancelScopes.reachingCancel(List.of(open(false), open(false), taskGroup)))
        .contains(taskGroup);
  }

  @Test
  void aShieldedScopeKeepsAnOuterCancelAway() {
    assertThat(CancelScopes.reachingCancel(List.of(open(true), expired(100.0)))).isEmpty();
  }

  @Test
  void aShieldedScopeThatIsItselfCancelledStillCountsAsCancelled() {
    Scope shieldedAndCancelled = new Scope(true, true, NONE, null);

    assertThat(CancelScopes.reachingCancel(List.of(shieldedAndCancelled)))
        .contains(shieldedAndCancelled);
  }

  @Test
  void noCancelledScopeMeansTheTaskStillWaitsOnPurpose() {
    assertThat(CancelScopes.reachingCancel(List.of(open(false), open(false)))).isEmpty();
    assertThat(CancelScopes.reachingCancel(List.of())).isEmpty();
  }

  @Test
  void aDeadlineIsSaidWithHowLongAgoItPassed() {
    assertThat(CancelScopes.describe(expired(100.0), 112.4))
        .startsWith("the cancel scope around the call was cancelled by its deadline")
        .contains("passed 12 s ago")
        .contains("shields the wait");
  }

  @Test
  void aCancelByHandIsSaidWithItsReasonAndNoDeadline() {
    Scope byHand = new Scope(true, false, NONE, "Cancelled via cancel scope 7f; reason: shutdown");

    assertThat(CancelScopes.describe(byHand, 5.0))
        .contains("was cancelled (shutdown)")
        .doesNotContain("deadline");
  }

  @Test
  void anUnknownClockLeavesTheAgeOut() {
    assertThat(CancelScopes.describe(expired(100.0), Double.NaN)).doesNotContain("ago");
  }

  @Test
  void onlyTheReasonAfterAnyiosPrefixIsKept() {
    assertThat(CancelScopes.reasonText("Cancelled via cancel scope 7f by <Task>; reason: x y"))
        .isEqualTo("x y");
    assertThat(CancelScopes.reasonText("Cancelled via cancel scope 7f")).isNull();
    assertThat(CancelScopes.reasonText(null)).isNull();
  }
}
