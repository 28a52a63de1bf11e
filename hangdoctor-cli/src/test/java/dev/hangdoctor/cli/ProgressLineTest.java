package dev.hangdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final Terminal TTY = new Terminal(true, true, 80, true, false);

  @Test
  void onATerminalTheLineShowsTheWindowAndIsErasedWhenDone() {
    StringWriter text = new StringWriter();
    PrintWriter err = new PrintWriter(text);
    try (ProgressLine progress =
        new ProgressLine(err, "diagnosing PID 42", TTY.stderrIsTty(), Duration.ZERO)) {
      progress.sampled(2, 3, 28);
      Await.until(
          "the progress line",
          Duration.ofSeconds(10),
          () -> text.toString().contains("sample 2 of 3"));
    }

    assertThat(text.toString())
        .startsWith("\r\u001b[Khangdoctor: diagnosing PID 42: sample 2 of 3 of 28 processes (")
        .endsWith("\r\u001b[K");
  }

  @Test
  void offATerminalNothingIsWritten() throws InterruptedException {
    StringWriter text = new StringWriter();
    try (ProgressLine progress =
        ProgressLine.start(new PrintWriter(text), Terminal.PIPE, "diagnosing PID 42")) {
      progress.sampled(1, 3, 1);
    }

    assertThat(text.toString()).isEmpty();
  }
}
