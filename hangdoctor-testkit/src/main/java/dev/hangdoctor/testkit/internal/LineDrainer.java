package dev.hangdoctor.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads a process stream line by line on a daemon thread until end of stream, handing each line to
 * a consumer, so the process never blocks on a full pipe.
 */
public final class LineDrainer {
  private final CountDownLatch finished = new CountDownLatch(1);

  private LineDrainer(InputStream stream, Consumer<String> sink, String threadName) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  sink.accept(line);
                }
              } catch (IOException e) {
                sink.accept("[testkit: reading output failed: " + e + "]");
              } finally {
                finished.countDown();
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts draining {@code stream} into {@code sink} on a new daemon thread. */
  public static LineDrainer start(InputStream stream, Consumer<String> sink, String threadName) {
    return new LineDrainer(stream, sink, threadName);
  }

  /**
   * Waits up to {@code timeout} for the end of the stream.
   *
   * @return whether the stream ended
   */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
