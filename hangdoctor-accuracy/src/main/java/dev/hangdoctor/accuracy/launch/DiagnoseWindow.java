package dev.hangdoctor.accuracy.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One window as a user takes it: a fresh {@code java -jar hangdoctor.jar diagnose PID --json}
 * process, with the JVM settings of {@code bin/hangdoctor} and hangdoctor's default window, bounded
 * in time. Its JSON is read back as a tree, so any version of the report (the baseline jar's
 * included) can be scored. A report of many megabytes goes through a file, not a pipe.
 */
public final class DiagnoseWindow implements WindowTaker {
  /** The JVM settings of {@code bin/hangdoctor}, for a short command. */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-Xss1m",
          "-Xshare:auto");

  private final Path java;
  private final Path jar;
  private final Duration limit;

  public DiagnoseWindow(Path java, Path jar, Duration limit) {
    this.java = java;
    this.jar = jar;
    this.limit = limit;
  }

  @Override
  public String describe() {
    return "jar " + jar + ", a fresh JVM per window";
  }

  /** Diagnoses {@code pid}, keeping the command's output in {@code dir} until it is read. */
  @Override
  public Result take(long pid, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "window-", ".json");
    Path err = Files.createTempFile(dir, "window-", ".err");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-jar", jar.toString(), "diagnose", Long.toString(pid), "--json"));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        return new Result(
            -1, Optional.empty(), "diagnose did not finish within " + limit.toSeconds() + " s");
      }
      return Result.of(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
