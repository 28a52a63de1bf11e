package dev.hangdoctor.accuracy.launch;

import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One corpus case running under the {@code start} contract of {@code corpus/README.md}: {@code
 * PYTHON start} in the case's scratch copy, as the leader of a new session ({@code setsid}), with
 * {@code CORPUS_LIB}, stdin from {@code /dev/null}, {@code JAVA_HOME} for JVM cases, and an
 * environment marker that every process of the case inherits. {@link #awaitReady} waits (bounded)
 * for {@code HANGDOCTOR-READY <pid>}; {@link #stop} kills the whole tree and says what survived.
 */
public final class CaseProcess {
  private static final Pattern READY = Pattern.compile("^HANGDOCTOR-READY (\\d+)\\s*$");
  private static final int STDERR_TAIL_LINES = 6;

  private final Path folder;
  private final Process process;
  private final CaseTree tree;
  private final CompletableFuture<Long> ready = new CompletableFuture<>();
  private final Thread drainer;

  private CaseProcess(Path folder, Process process, String marker) {
    this.folder = folder;
    this.process = process;
    this.tree = new CaseTree(process.pid(), marker);
    this.drainer = new Thread(this::drain, "accuracy-stdout-" + process.pid());
    this.drainer.setDaemon(true);
    this.drainer.start();
  }

  /**
   * Copies {@code corpusCase} into {@code scratch} and starts its {@code start} script there on
   * {@code runtime}.
   *
   * @param corpusLib the folder passed as {@code CORPUS_LIB}
   * @throws IOException if the copy fails or the script cannot be started
   */
  public static CaseProcess start(
      CorpusCase corpusCase, RuntimeUnderTest runtime, Path scratch, Path corpusLib, Path setsid)
      throws IOException {
    Path folder = scratch.resolve(corpusCase.id());
    copyTree(corpusCase.dir(), folder);
    String marker = UUID.randomUUID().toString();
    ProcessBuilder builder =
        new ProcessBuilder(setsid.toString(), runtime.startPython().toString(), "start")
            .directory(folder.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(folder.resolve("start.err").toFile());
    builder.environment().put("CORPUS_LIB", corpusLib.toString());
    builder.environment().put(CaseTree.MARKER, marker);
    runtime.javaHome().ifPresent(home -> builder.environment().put("JAVA_HOME", home.toString()));
    return new CaseProcess(folder, builder.start(), marker);
  }

  /** The scratch copy the case runs in. */
  public Path folder() {
    return folder;
  }

  /**
   * The pid announced by {@code HANGDOCTOR-READY}.
   *
   * @throws NotStartedException when the script exits first or stays silent for {@code limit}
   */
  public long awaitReady(Duration limit) throws NotStartedException, InterruptedException {
    try {
      CompletableFuture.anyOf(ready, process.onExit()).get(limit.toNanos(), TimeUnit.NANOSECONDS);
      if (!ready.isDone()) {
        drainer.join(TimeUnit.SECONDS.toMillis(1));
      }
      if (ready.isDone()) {
        return ready.get();
      }
      throw new NotStartedException(
          "start exited with " + process.exitValue() + " before HANGDOCTOR-READY" + stderrTail());
    } catch (TimeoutException e) {
      throw new NotStartedException(
          "no HANGDOCTOR-READY within " + limit.toSeconds() + " s" + stderrTail());
    } catch (ExecutionException e) {
      throw new NotStartedException("reading start's output failed: " + e.getCause());
    }
  }

  /** True while the start script runs (it must, until it is killed). */
  public boolean startAlive() {
    return process.isAlive();
  }

  /** True while {@code pid} exists and is not a zombie. */
  public static boolean alive(long pid) {
    return ProcTable.stat(pid).filter(e -> !e.dead()).isPresent();
  }

  /**
   * Kills the start script's process group, its descendants and every process with the case's
   * marker, then reaps the script.
   *
   * @return the processes still alive afterwards (normally none), described
   */
  public List<String> stop() throws InterruptedException {
    List<String> survivors = tree.kill();
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
    return survivors;
  }

  private void drain() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher m = READY.matcher(line);
        if (!ready.isDone() && m.matches()) {
          ready.complete(Long.parseLong(m.group(1)));
        }
      }
    } catch (IOException | NumberFormatException e) {
      ready.completeExceptionally(e);
    }
  }

  private String stderrTail() {
    List<String> tail = new ArrayList<>();
    for (String log : List.of("start.err", "program.err")) {
      try {
        List<String> lines = Files.readAllLines(folder.resolve(log), StandardCharsets.UTF_8);
        List<String> last =
            lines.stream()
                .filter(l -> !l.isBlank())
                .skip(Math.max(0, lines.size() - STDERR_TAIL_LINES))
                .toList();
        if (!last.isEmpty()) {
          tail.add(log + ": " + String.join(" | ", last).strip());
        }
      } catch (IOException e) {
        // a case may not have this log
      }
    }
    return tail.isEmpty() ? "" : " (" + String.join("; ", tail) + ")";
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** The case did not reach its READY line: a corpus failure, not a verdict. */
  public static final class NotStartedException extends Exception {
    private static final long serialVersionUID = 1L;

    NotStartedException(String message) {
      super(message);
    }
  }
}
