package dev.hangdoctor.testkit;

import dev.hangdoctor.testkit.internal.LineDrainer;
import dev.hangdoctor.testkit.internal.OutputLog;
import dev.hangdoctor.testkit.internal.Poll;
import dev.hangdoctor.testkit.internal.ProcessKey;
import dev.hangdoctor.testkit.internal.ProcessKiller;
import dev.hangdoctor.testkit.internal.Procs;
import dev.hangdoctor.testkit.internal.ReadyLine;
import dev.hangdoctor.testkit.internal.RunMarker;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A running test target that has announced, with a {@code READY k=v …} line on stdout, that its
 * threads and sockets are in the state under test. Its output is drained continuously into a
 * bounded log. {@link #close()} kills the whole tree, including re-parented descendants found by
 * the environment marker every target inherits, so use it with try-with-resources.
 */
public final class Target implements AutoCloseable {
  private static final int OUTPUT_LIMIT_CHARS = 256 * 1024;
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

  private final TargetSpec spec;
  private final List<String> command;
  private final String targetId;
  private final Process process;
  private final OutputLog log = new OutputLog(OUTPUT_LIMIT_CHARS);
  private final CompletableFuture<Map<String, String>> readyLine = new CompletableFuture<>();
  private final LineDrainer stdout;
  private final LineDrainer stderr;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<String> linesAfterReady = new CopyOnWriteArrayList<>();
  private volatile Map<String, String> ready = Map.of();

  private Target(TargetSpec spec, List<String> command, String targetId, Process process) {
    this.spec = spec;
    this.command = command;
    this.targetId = targetId;
    this.process = process;
    String name = "testkit-" + process.pid();
    this.stdout = LineDrainer.start(process.getInputStream(), this::onStdout, name + "-stdout");
    this.stderr =
        LineDrainer.start(
            process.getErrorStream(), line -> log.append("[stderr] " + line), name + "-stderr");
  }

  /**
   * Starts {@code spec} and waits, at most {@link TargetSpec#readyTimeout()}, for its {@code READY}
   * line.
   *
   * @throws AssertionError with the captured output if the target cannot start, exits before {@code
   *     READY}, or stays silent too long; the target is killed first
   */
  public static Target start(TargetSpec spec) {
    List<String> command = spec.resolveCommand();
    String targetId = RunMarker.nextTargetId();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(spec.env());
    builder.environment().put(RunMarker.RUN_VARIABLE, RunMarker.runId());
    builder.environment().put(RunMarker.TARGET_VARIABLE, targetId);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + spec + ": " + e.getMessage(), e);
    }
    Target target = new Target(spec, command, targetId, process);
    target.awaitReady();
    return target;
  }

  /** The pid of the started process. */
  public long pid() {
    return process.pid();
  }

  /** The {@code k=v} pairs of the {@code READY} line, in order. */
  public Map<String, String> ready() {
    return ready;
  }

  /**
   * The {@code READY} value of {@code key} as an int.
   *
   * @throws AssertionError if the key is missing or not an int
   */
  public int readyInt(String key) {
    String value = ready.get(key);
    if (value == null) {
      throw new AssertionError("READY line of " + spec + " has no " + key + ": " + ready);
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new AssertionError("READY " + key + "=" + value + " of " + spec + " is not an int", e);
    }
  }

  /**
   * Waits, at most {@code limit}, for a second announcement {@code WORD k=v …} on stdout after
   * READY: the handshake of a fixture that reaches its state under test only after the test acted
   * (sent the request that hangs it), e.g. {@code STUCK}. Returns its pairs.
   *
   * @throws AssertionError with the output if it does not come, or the target exits first
   */
  public Map<String, String> awaitAnnouncement(String word, Duration limit) {
    try {
      boolean seen = Poll.until(limit, () -> announcement(word).isPresent() || !process.isAlive());
      Optional<Map<String, String>> pairs = announcement(word);
      if (pairs.isPresent()) {
        return pairs.get();
      }
      throw new AssertionError(
          this
              + (seen
                  ? " exited"
                  : " did not announce " + word + " within " + limit.toMillis() + " ms")
              + "\n--- output ---\n"
              + output()
              + "--- end of output ---");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + word + " from " + this, e);
    }
  }

  private Optional<Map<String, String>> announcement(String word) {
    for (String line : linesAfterReady) {
      Optional<Map<String, String>> pairs = ReadyLine.parse(word, line);
      if (pairs.isPresent()) {
        return pairs;
      }
    }
    return Optional.empty();
  }

  /** The started process itself; its streams are drained by the testkit. */
  public Process process() {
    return process;
  }

  /** The target's recent stdout and stderr lines (stderr prefixed {@code [stderr]}). */
  public String output() {
    return log.text();
  }

  /**
   * Kills the process, all its descendants and every process carrying this target's environment
   * marker: SIGTERM, up to about 2 s, then SIGKILL and another bounded wait. Idempotent; quiet for
   * processes that are already gone.
   *
   * @throws AssertionError naming the processes that survived SIGKILL, which should not happen
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ProcessHandle root = process.toHandle();
    Set<ProcessKey> survivors =
        ProcessKiller.kill(
            () -> {
              Set<ProcessKey> victims = new HashSet<>(Procs.tree(root));
              victims.addAll(RunMarker.targetProcesses(targetId));
              return victims;
            });
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the process is gone; its stdin pipe may already be broken
    }
    if (!survivors.isEmpty()) {
      throw new AssertionError(
          "processes of " + spec + " survived SIGKILL: " + describe(survivors));
    }
  }

  private void onStdout(String line) {
    log.append(line);
    if (!readyLine.isDone()) {
      ReadyLine.parse(line).ifPresent(readyLine::complete);
    } else if (linesAfterReady.size() < 1000) {
      linesAfterReady.add(line);
    }
  }

  private void awaitReady() {
    Duration timeout = spec.readyTimeout();
    try {
      CompletableFuture.anyOf(readyLine, process.onExit())
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!readyLine.isDone()) {
        stdout.awaitEnd(DRAIN_GRACE);
      }
      if (!readyLine.isDone()) {
        throw fail("exited with code " + process.exitValue() + " before printing READY");
      }
      ready = readyLine.get();
    } catch (TimeoutException e) {
      throw fail("printed no READY line within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("was interrupted while waiting for READY");
    } catch (ExecutionException e) {
      throw fail("failed while waiting for READY: " + e.getCause());
    }
  }

  private AssertionError fail(String reason) {
    AssertionError killFailure = null;
    try {
      close();
    } catch (AssertionError e) {
      killFailure = e;
    }
    boolean interrupted = Thread.interrupted();
    try {
      stdout.awaitEnd(DRAIN_GRACE);
      stderr.awaitEnd(DRAIN_GRACE);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    AssertionError failure =
        new AssertionError(
            spec
                + " (pid "
                + process.pid()
                + ") "
                + reason
                + "\ncommand: "
                + String.join(" ", command)
                + "\n--- output ---\n"
                + output()
                + "--- end of output ---");
    if (killFailure != null) {
      failure.addSuppressed(killFailure);
    }
    return failure;
  }

  private static String describe(Set<ProcessKey> processes) {
    return processes.stream()
        .map(key -> key.pid() + " (" + Procs.cmdline(key.pid()) + ")")
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return spec + " pid " + process.pid();
  }
}
