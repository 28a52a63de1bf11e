package dev.hangdoctor.runner.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static Tally tally(int passed, int hung, String signature) {
    return new Tally(passed, 0, hung, hung == 0 ? Map.of() : Map.of(signature, hung));
  }

  @Test
  void moreHangsWithTheChangeIsARegression() {
    Decision decision = Decider.decide(tally(10, 10, "hang: a"), tally(20, 0, ""), 0.05);
    assertThat(decision.conclusion()).isEqualTo(Conclusion.REGRESSION);
    assertThat(decision.line()).startsWith("regression: worse with the change (50% of current");
  }

  @Test
  void fewerHangsWithTheChangeIsAFix() {
    assertThat(Decider.decide(tally(20, 0, ""), tally(9, 11, "hang: a"), 0.05).conclusion())
        .isEqualTo(Conclusion.FIXED);
  }

  @Test
  void theSameHangOnBothSidesIsPreExisting() {
    Decision decision = Decider.decide(tally(14, 6, "hang: a"), tally(15, 5, "hang: a"), 0.05);
    assertThat(decision.conclusion()).isEqualTo(Conclusion.PRE_EXISTING);
  }

  @Test
  void aDifferentHangOnTheBaselineDoesNotMakeItPreExisting() {
    Decision decision = Decider.decide(tally(17, 3, "hang: a"), tally(18, 2, "hang: b"), 0.05);
    assertThat(decision.conclusion()).isEqualTo(Conclusion.INCONCLUSIVE);
  }

  @Test
  void aFewHangsOnOneSideOnlyAreInconclusiveAndSayHowManyRunsWouldDecide() {
    Decision decision = Decider.decide(tally(8, 2, "hang: a"), tally(10, 0, ""), 0.05);
    assertThat(decision.conclusion()).isEqualTo(Conclusion.INCONCLUSIVE);
    // at 20 % against 0 %: 4 of 22 against 0 of 22 gives p = 0.108, 5 of 23 gives p = 0.049
    assertThat(decision.runsPerSideToDecide()).hasValue(23);
    assertThat(decision.line()).contains("about 23 runs per side would decide it");
  }

  @Test
  void noFailureAnywhereIsNotReproduced() {
    Decision decision = Decider.decide(tally(20, 0, ""), tally(20, 0, ""), 0.05);
    assertThat(decision.conclusion()).isEqualTo(Conclusion.NOT_REPRODUCED);
    assertThat(decision.line()).contains("a failure rarer than 16% would not show");
  }

  @Test
  void wilsonIntervalsDoNotCollapseAtZero() {
    WilsonInterval none = WilsonInterval.of(0, 10);
    assertThat(none.low()).isZero();
    assertThat(none.high()).isBetween(0.27, 0.28);
    WilsonInterval half = WilsonInterval.of(10, 20);
    assertThat(half.low()).isBetween(0.29, 0.30);
    assertThat(half.high()).isBetween(0.70, 0.71);
  }

  @Test
  void signaturesIgnorePidsAndLineNumbers() {
    assertThat(VerdictSignature.ofVerdict("self-deadlock on lock at job.py:4 in flush (PID 8312)"))
        .isEqualTo(VerdictSignature.ofVerdict("self-deadlock on lock at job.py:7 in flush (PID 9)"))
        .isEqualTo("self-deadlock on lock at job.py in flush");
  }

  @Test
  void aSequentialPlanSplitsAlphaOverItsLooks() {
    Plan plan = new Plan(10, 0.05, true, 100);
    assertThat(plan.looks()).isEqualTo(10);
    assertThat(plan.alphaPerLook()).isEqualTo(0.005);
    assertThat(Plan.fixed(20, 0.05).alphaPerLook()).isEqualTo(0.05);
  }
}
