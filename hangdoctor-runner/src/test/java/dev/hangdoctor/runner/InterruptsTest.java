package dev.hangdoctor.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
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
    // its own session, so it is never a terminal's foreground group that got the Ctrl+C itself;
    // SIGINT back to its default action first (a suite started in the background, `mvn … &`,
    // hands its children SIGINT ignored), then it says so and becomes the sleep
    Process command =
        new ProcessBuilder(
                "setsid",
                "python3",
                "-c",
                "import os, signal; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                    + " print('ready', flush=True); os.execvp('sleep', ['sleep', '300'])")
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(command.getInputStream(), UTF_8));
    assertThat(CompletableFuture.supplyAsync(() -> readLine(output)).get(BOUND_SECONDS, SECONDS))
        .isEqualTo("ready");
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

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aCtrlCBetweenAttemptsStopsTheRetries() {
    Interrupts interrupts = new Interrupts();

    assertThat(interrupts.interrupt()).startsWith("interrupted: no further attempts");
    assertThat(interrupts.any()).isTrue();
  }
}
