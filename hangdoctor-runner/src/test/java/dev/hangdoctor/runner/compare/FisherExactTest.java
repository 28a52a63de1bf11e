package dev.hangdoctor.runner.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values checked against R's {@code fisher.test} (and by hand for the smallest tables). */
class FisherExactTest {
  @Test
  void eightHangsOfTenAgainstNoneIsSignificant() {
    // fisher.test(matrix(c(8, 2, 0, 10), 2))$p.value = 0.0007144
    assertThat(FisherExact.twoSided(8, 10, 0, 10)).isCloseTo(0.0007144, within(1e-6));
  }

  @Test
  void fiveOfTwentyAgainstNoneIsJustSignificant() {
    // all 5 failures on one side: C(20,5)/C(40,5) = 15504/658008 per tail, both tails 0.047124
    assertThat(FisherExact.twoSided(5, 20, 0, 20)).isCloseTo(2 * 15504.0 / 658008, within(1e-12));
    // 4 of 20 is not: 0.1060
    assertThat(FisherExact.twoSided(4, 20, 0, 20)).isCloseTo(0.1060, within(1e-4));
  }

  @Test
  void equalCountsAreNotSignificantAtAll() {
    assertThat(FisherExact.twoSided(6, 20, 6, 20)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theTwoSidedTestIsSymmetric() {
    assertThat(FisherExact.twoSided(3, 12, 9, 14))
        .isCloseTo(FisherExact.twoSided(9, 14, 3, 12), within(1e-12));
  }

  @Test
  void oneSidedTestsSplitTheTails() {
    // one of two ways to put 1 failure in 1+1 runs: each tail holds 1/2 and the observed table
    assertThat(FisherExact.greater(1, 1, 0, 1)).isCloseTo(0.5, within(1e-12));
    assertThat(FisherExact.less(1, 1, 0, 1)).isCloseTo(1.0, within(1e-12));
    // fisher.test(matrix(c(4, 6, 0, 10), 2), alternative = "greater")$p.value = 0.04334
    assertThat(FisherExact.greater(4, 10, 0, 10)).isCloseTo(0.04334, within(1e-4));
  }

  @Test
  void aTableThatCannotBeIsRefused() {
    assertThatThrownBy(() -> FisherExact.twoSided(11, 10, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11/10");
  }
}
