package dev.hangdoctor.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.Tool;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * py-spy, the reference the Python stack reader is compared with: where it is installed, and its
 * {@code dump --json} output parsed into per-thread records.
 */
final class PySpy {
  static final Duration DUMP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

  private PySpy() {}

  /** One frame as py-spy reports it: {@code name} is the qualified name on CPython 3.11+. */
  record SpyFrame(String name, String filename, int line) {}

  /** One thread of {@code py-spy dump --json}; {@code name} is null when threading lacks it. */
  record SpyThread(
      long threadId,
      int osThreadId,
      String name,
      boolean active,
      boolean ownsGil,
      List<SpyFrame> frames) {}

  /**
   * The py-spy executable: on the PATH (a pyenv shim resolved to the real binary), else in the user
   * scripts of {@code python3 -m site --user-base}. Without it the test is skipped with the reason,
   * or fails under CI ({@link Tool#PY_SPY}).
   */
  static Path require() throws IOException, InterruptedException {
    return Tool.PY_SPY.require(locate());
  }

  static Optional<Path> locate() throws IOException, InterruptedException {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "py-spy");
      if (!Files.isExecutable(candidate)) {
        continue;
      }
      if (dir.contains("/.pyenv/shims")) {
        BoundedCommand.Result which =
            BoundedCommand.run(List.of("pyenv", "which", "py-spy"), LOOKUP_TIMEOUT);
        Path real = which.succeeded() ? Path.of(which.out().strip()) : candidate;
        return Optional.of(Files.isExecutable(real) ? real : candidate);
      }
      return Optional.of(candidate);
    }
    Optional<Path> python = Interpreters.python3();
    if (python.isEmpty()) {
      return Optional.empty();
    }
    BoundedCommand.Result base =
        BoundedCommand.run(
            List.of(python.get().toString(), "-m", "site", "--user-base"), LOOKUP_TIMEOUT);
    if (!base.succeeded()) {
      return Optional.empty();
    }
    Path candidate = Path.of(base.out().strip(), "bin", "py-spy");
    return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /** {@code py-spy dump --json --nonblocking --pid PID}, within {@link #DUMP_TIMEOUT}. */
  static List<SpyThread> dump(Path pySpy, long pid) throws IOException, InterruptedException {
    BoundedCommand.Result result =
        BoundedCommand.run(
            List.of(
                pySpy.toString(), "dump", "--json", "--nonblocking", "--pid", Long.toString(pid)),
            DUMP_TIMEOUT);
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    return parse(result.out());
  }

  static List<SpyThread> parse(String json) {
    List<SpyThread> threads = new ArrayList<>();
    for (Object element : MiniJson.array(MiniJson.parse(json))) {
      Map<String, Object> thread = MiniJson.object(element);
      List<SpyFrame> frames = new ArrayList<>();
      for (Object f : MiniJson.array(thread.get("frames"))) {
        Map<String, Object> frame = MiniJson.object(f);
        frames.add(
            new SpyFrame(
                (String) frame.get("name"),
                (String) frame.get("filename"),
                ((BigDecimal) frame.get("line")).intValueExact()));
      }
      threads.add(
          new SpyThread(
              ((BigDecimal) thread.get("thread_id")).toBigIntegerExact().longValue(),
              ((BigDecimal) thread.get("os_thread_id")).intValueExact(),
              (String) thread.get("thread_name"),
              (Boolean) thread.get("active"),
              (Boolean) thread.get("owns_gil"),
              List.copyOf(frames)));
    }
    return List.copyOf(threads);
  }
}
