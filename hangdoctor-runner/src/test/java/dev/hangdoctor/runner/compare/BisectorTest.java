package dev.hangdoctor.runner.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BisectorTest {
  @Test
  void theStepsOfABisectionAreTheCeilingOfLog2OfCommitsPlusOne() {
    assertThat(Bisector.steps(1)).isEqualTo(1);
    assertThat(Bisector.steps(2)).isEqualTo(2);
    assertThat(Bisector.steps(3)).isEqualTo(2);
    assertThat(Bisector.steps(20)).isEqualTo(5);
    assertThat(Bisector.steps(31)).isEqualTo(5);
    assertThat(Bisector.steps(32)).isEqualTo(6);
  }
}
