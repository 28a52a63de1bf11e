package dev.hangdoctor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl+C while the command starts, runs, or between attempts; on a real process. */
class InterruptsTest {
  private static final long BOUND_SECONDS = 30;

  @Test
  void aCtrlCWhileTheCommandStartsReachesItOnceItRuns() throws Exception {
    Interrupts interrupts = new Interrupts();
    interrupts.starting();

    String status = interrupts.interrupt();

    assertThat(status).startsWith("interrupted: the command gets SIGINT as soon as it has started");
    // its own session, so it is never a terminal's foreground group that got the Ctrl+C itself
    Process command = new ProcessBuilder("setsid", "sleep", "300").start();
    try {
      interrupts.attach(command.toHandle());

      assertThat(command.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(command.exitValue()).as("killed by SIGINT").isEqualTo(128 + 2);
      assertThat(interrupts.abortRequested()).isFalse();
      assertThat(interrupts.interrupt()).startsWith("interrupted again");
      assertThat(interrupts.abortRequested()).isTrue();
    } finally {
      command.destroyForcibly();
    }
  }

  @Test
  void aCtrlCBetweenAttemptsStopsTheRetries() {
    Interrupts interrupts = new Interrupts();

    assertThat(interrupts.interrupt()).startsWith("interrupted: no further attempts");
    assertThat(interrupts.any()).isTrue();
  }
}
