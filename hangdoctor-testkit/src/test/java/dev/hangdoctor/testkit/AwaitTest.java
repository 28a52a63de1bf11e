package dev.hangdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("three polls", Duration.ofSeconds(5), () -> polls.incrementAndGet() == 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void failsNamingWhatItWaitedForAfterTheTimeout() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                Await.until("the moon", Duration.ofMillis(200), () -> polls.incrementAndGet() < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 200 ms waiting for the moon");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).as("waited the whole timeout").isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(polls.get()).as("polled until the timeout, not once").isGreaterThan(1);
  }

  @Test
  void valueReturnsTheFirstPresentProbe() {
    AtomicInteger polls = new AtomicInteger();
    String value =
        Await.value(
            "a value",
            Duration.ofSeconds(5),
            () -> polls.incrementAndGet() < 4 ? Optional.empty() : Optional.of("v" + polls.get()));
    assertThat(value).isEqualTo("v4");
  }

  @Test
  void valueFailsWhenNothingTurnsUp() {
    assertThatThrownBy(() -> Await.value("nothing", Duration.ofMillis(50), Optional::empty))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waiting for nothing");
  }

  @Test
  void keepsTheInterruptStatus() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.until("anything", Duration.ofSeconds(5), () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
