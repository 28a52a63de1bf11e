package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WindowsTest {

  @Test
  void takesEveryWindowAndReturnsThemWhenAllPass() {
    AtomicInteger taken = new AtomicInteger();

    assertThat(Windows.all("a verdict", taken::incrementAndGet, n -> assertThat(n).isPositive()))
        .containsExactly(1, 2, 3);
    assertThat(Windows.count()).isEqualTo(Windows.DEFAULT_COUNT);
  }

  @Test
  void oneFailingWindowFailsTheCheckAndEachFailureIsNamed() {
    AtomicInteger taken = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Windows.all(
                    "the spin leads",
                    () -> {
                      int n = taken.incrementAndGet();
                      if (n == 3) {
                        throw new IllegalStateException("target gone");
                      }
                      return n;
                    },
                    n -> assertThat(n).as("window value").isEqualTo(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("the spin leads: 2 of 3 windows failed")
        .hasMessageContaining("--- window 2: [window value]")
        .hasMessageContaining("--- window 3: target gone");
    assertThat(taken).as("every window is taken, not only up to the first failure").hasValue(3);
  }
}
