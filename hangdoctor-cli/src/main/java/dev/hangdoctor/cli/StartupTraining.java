package dev.hangdoctor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The training run of the launcher's start-up cache (a JDK 24+ AOT cache, an AppCDS archive on
 * older JDKs): runs the verbs people run most, for real, so the JVM records the classes they load
 * and link. {@code dump}, {@code inspect} (text and JSON) and {@code diagnose} read a Python target
 * started here (the {@code python3} on the PATH, or {@code args[0]}), which says READY when its
 * threads are parked and is killed at the end; {@code run} wraps {@code true}. Without a Python the
 * readers train on this JVM instead. Prints nothing; always exits 0, since a cache made from a
 * partial run is still a valid one.
 */
public final class StartupTraining {
  private static final String TARGET =
      "import threading, time\n"
          + "ev = threading.Event()\n"
          + "for _ in range(3): threading.Thread(target=ev.wait, daemon=True).start()\n"
          + "print('READY', flush=True)\n"
          + "time.sleep(60)\n";

  private StartupTraining() {}

  public static void main(String[] args) throws InterruptedException {
    String python = args.length > 0 ? args[0] : "python3";
    Process target = startTarget(python);
    try {
      String pid = Long.toString(target != null ? target.pid() : ProcessHandle.current().pid());
      train("dump", pid);
      train("dump", pid, "--json");
      train("inspect", pid, "--samples", "2", "--interval", "1ms");
      train("inspect", pid, "--samples", "1", "--json");
      train("diagnose", pid, "--samples", "2", "--sample-interval", "1ms");
      train("ps", pid);
      train("run", "--timeout", "30", "--", "true");
      train("--version");
      train("--help");
      train("dump", "--help");
    } finally {
      if (target != null) {
        target.destroyForcibly();
        target.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void train(String... args) {
    PrintWriter sink = new PrintWriter(new StringWriter());
    Main.run(args, sink, sink);
  }

  /** The Python target once it says READY, or null when there is none to be had in 10 s. */
  private static Process startTarget(String python) throws InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(List.of(python, "-c", TARGET))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return null;
    }
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                return lines.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    try {
      if ("READY".equals(ready.get(10, TimeUnit.SECONDS))) {
        return process;
      }
    } catch (ExecutionException | TimeoutException e) {
      // no target: fall through and train on this JVM
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return null;
  }
}
