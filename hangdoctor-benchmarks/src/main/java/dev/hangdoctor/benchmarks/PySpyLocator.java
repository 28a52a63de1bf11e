package dev.hangdoctor.benchmarks;

import dev.hangdoctor.testkit.Interpreters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds py-spy, the yardstick of {@link DumpBenchmark}: on the PATH, a pyenv shim resolved to the
 * real binary (a shim would add pyenv's own start-up to every timed run), else in the user scripts
 * of {@code python3 -m site --user-base}.
 */
final class PySpyLocator {
  private static final long TIMEOUT_SECONDS = 10;

  private PySpyLocator() {}

  static Optional<Path> locate() throws InterruptedException {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "py-spy");
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      if (dir.contains("/.pyenv/shims")) {
        Optional<Path> real = output(List.of("pyenv", "which", "py-spy")).map(Path::of);
        return Optional.of(real.filter(Files::isExecutable).orElse(candidate));
      }
      return Optional.of(candidate);
    }
    Optional<Path> python = Interpreters.python3();
    if (python.isEmpty()) {
      return Optional.empty();
    }
    return output(List.of(python.get().toString(), "-m", "site", "--user-base"))
        .map(base -> Path.of(base, "bin", "py-spy"))
        .filter(Files::isExecutable);
  }

  /** What {@code py-spy --version} prints, or "unknown version". */
  static String version(Path pySpy) throws InterruptedException {
    return output(List.of(pySpy.toString(), "--version")).orElse("unknown version");
  }

  /** The stripped stdout of a command that succeeds within 10 s. */
  private static Optional<String> output(List<String> command) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return Optional.empty();
    }
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      process.destroyForcibly();
    }
  }
}
