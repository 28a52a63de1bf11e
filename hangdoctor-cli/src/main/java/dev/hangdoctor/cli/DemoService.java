package dev.hangdoctor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The bundled Python service of {@code hangdoctor demo}: copied out of the jar, started, awaited
 * until it announces {@code READY}, its output followed, and always stopped and removed afterwards,
 * even on Ctrl+C.
 */
final class DemoService implements AutoCloseable {
  private static final String SCRIPT = "demo/stuck_service.py";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Path directory;
  private final Process process;
  private final Thread stopOnExit;
  private final Map<String, String> ready;
  private final BlockingQueue<String> output;

  private DemoService(
      Path directory,
      Process process,
      Thread stopOnExit,
      Map<String, String> ready,
      BlockingQueue<String> output) {
    this.directory = directory;
    this.process = process;
    this.stopOnExit = stopOnExit;
    this.ready = ready;
    this.output = output;
  }

  static DemoService start() throws IOException, InterruptedException {
    Path python =
        findPython()
            .orElseThrow(
                () ->
                    new HangdoctorException(
                        ExitCode.MISSING_PROGRAM,
                        "the demo needs python3 on PATH (Debian: apt-get install python3)"));
    Path directory = Files.createTempDirectory("hangdoctor-demo-");
    Path script = directory.resolve("stuck_service.py");
    try (InputStream in = DemoService.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("the demo script is missing from the jar");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Process process =
        new ProcessBuilder(python.toString(), script.toString())
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    Thread stopOnExit = new Thread(() -> destroyTree(process), "hangdoctor-demo-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    BlockingQueue<String> output = drain(process);
    DemoService service = new DemoService(directory, process, stopOnExit, new HashMap<>(), output);
    try {
      service.ready.putAll(awaitReady(process, output));
    } catch (RuntimeException | InterruptedException e) {
      service.close();
      throw e;
    }
    return service;
  }

  long pid() {
    return process.pid();
  }

  Path script() {
    return directory.resolve("stuck_service.py");
  }

  String readyValue(String key) {
    return ready.get(key);
  }

  @Override
  public void close() {
    destroyTree(process);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
    deleteRecursively(directory);
  }

  private static BlockingQueue<String> drain(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the service was stopped; nothing more to read
              }
            },
            "hangdoctor-demo-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static Map<String, String> awaitReady(Process process, BlockingQueue<String> lines)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        if (line.startsWith("READY")) {
          return parseReady(line);
        }
        seen.append(line).append('\n');
      } else if (!process.isAlive() && lines.isEmpty()) {
        throw new HangdoctorException(
            ExitCode.MISSING_PROGRAM,
            "the demo service exited with status "
                + process.exitValue()
                + ": "
                + seen.toString().trim());
      }
    }
    throw new HangdoctorException(
        ExitCode.INTERNAL_ERROR,
        "the demo service did not become ready within " + READY_TIMEOUT.toSeconds() + " s");
  }

  /** The service's next output line containing {@code needle}, waiting at most {@code timeout}. */
  Optional<String> awaitOutput(String needle, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output.poll(50, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(needle)) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> parseReady(String line) {
    Map<String, String> values = new HashMap<>();
    for (String field : line.substring("READY".length()).trim().split("\\s+")) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        values.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    return values;
  }

  private static void destroyTree(Process process) {
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Path> findPython() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    Path system = Path.of("/usr/bin/python3");
    return Files.isExecutable(system) ? Optional.of(system) : Optional.empty();
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless; the OS cleans it
    }
  }
}
