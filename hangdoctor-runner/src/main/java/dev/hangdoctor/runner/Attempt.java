package dev.hangdoctor.runner;

import dev.hangdoctor.diagnosis.render.OutputStyle;
import dev.hangdoctor.diagnosis.report.DiagnosisReports;
import dev.hangdoctor.diagnosis.report.WriteFailure;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.linux.fs.ProcReadException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One attempt: starts the command with the run marker in its environment, waits for it or for a
 * deadline, and on a hang diagnoses every process of the tree, writes the evidence, and only then
 * kills the tree.
 */
final class Attempt {
  /** At most this many trees that escaped the command are diagnosed beside it. */
  static final int MAX_ESCAPED_DIAGNOSED = 8;

  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

  private final RunOptions options;
  private final TreeDiagnoser diagnoser;
  private final ChildIo io;
  private final RunEvents events;
  private final Ticker ticker;
  private final Interrupts interrupts;
  private final int number;
  private final String prefix;
  private final OutputStyle shownStyle;

  Attempt(
      RunOptions options,
      TreeDiagnoser diagnoser,
      ChildIo io,
      RunEvents events,
      Ticker ticker,
      Interrupts interrupts,
      int number,
      OutputStyle shownStyle) {
    this.shownStyle = shownStyle;
    this.options = options;
    this.diagnoser = diagnoser;
    this.io = io;
    this.events = events;
    this.ticker = ticker;
    this.interrupts = interrupts;
    this.number = number;
    this.prefix = "attempt " + number + "/" + options.maxAttempts() + ": ";
  }

  AttemptResult run() throws InterruptedException {
    TreeMarker marker = TreeMarker.fresh();
    long start = ticker.nanos();
    String program = options.command().get(0);
    Optional<CommandLookup.Problem> problem =
        CommandLookup.problem(
            options.directory().map(dir -> dir.resolve(program).toString()).orElse(program),
            program,
            System.getenv("PATH"));
    if (problem.isPresent()) {
      boolean notFound = problem.get() == CommandLookup.Problem.NOT_FOUND;
      events.status(program + (notFound ? ": command not found" : ": not executable"));
      return notStarted(
          marker,
          start,
          notFound ? AttemptResult.NOT_FOUND_STATUS : AttemptResult.CANNOT_EXECUTE_STATUS);
    }
    boolean pipes = io.pipes(options.quietTimeout().isPresent());
    ProcessBuilder builder = new ProcessBuilder(options.command());
    builder.environment().put(TreeMarker.VARIABLE, marker.id());
    options.directory().ifPresent(dir -> builder.directory(dir.toFile()));
    builder.redirectInput(io.stdin());
    if (!pipes) {
      builder.redirectOutput(io.stdout());
      builder.redirectError(io.stderr());
    }
    Process process;
    interrupts.starting();
    try {
      process = builder.start();
    } catch (IOException e) {
      interrupts.detach();
      events.status(program + ": cannot execute: " + e.getMessage());
      return notStarted(marker, start, AttemptResult.CANNOT_EXECUTE_STATUS);
    }
    interrupts.attach(process.toHandle());
    try {
      return watch(process, marker, start, pipes);
    } finally {
      interrupts.detach();
    }
  }

  private AttemptResult watch(Process process, TreeMarker marker, long start, boolean pipes)
      throws InterruptedException {
    AtomicLong lastOutput = new AtomicLong(start);
    List<OutputPump> pumps = new ArrayList<>();
    if (pipes) {
      String name = "hangdoctor-pump-" + process.pid();
      pumps.add(OutputPump.start(process.getInputStream(), io.out(), ticker, lastOutput, name));
      pumps.add(OutputPump.start(process.getErrorStream(), io.err(), ticker, lastOutput, name));
    }
    RunTree tree = new RunTree(process.toHandle(), marker);
    Deadlines deadlines = new Deadlines(start, options.timeout(), options.quietTimeout());
    while (true) {
      long now = ticker.nanos();
      if (process.waitFor(
          deadlines.nanosToNextCheck(now, lastOutput.get()), TimeUnit.NANOSECONDS)) {
        break;
      }
      if (interrupts.abortRequested()) {
        TreeKiller.Report kill = TreeKiller.kill(tree::members, options.killAfter());
        events.status(prefix + "stopped the tree: " + kill.describe());
        drain(pumps);
        return finished(
            Outcome.INTERRUPTED, AttemptResult.INTERRUPTED_STATUS, marker, start, kill.survivors());
      }
      Optional<HangKind> hang = deadlines.expired(ticker.nanos(), lastOutput.get());
      if (hang.isPresent()) {
        return hung(process, tree, hang.get(), deadlines.limit(hang.get()), start, pumps);
      }
    }
    drain(pumps);
    int status = process.exitValue();
    reportLeftovers(tree);
    return finished(
        status == 0 ? Outcome.PASSED : Outcome.FAILED, status, marker, start, List.of());
  }

  private AttemptResult hung(
      Process process,
      RunTree tree,
      HangKind kind,
      Duration limit,
      long start,
      List<OutputPump> pumps)
      throws InterruptedException {
    long deadline = ticker.nanos();
    List<ProcessHandle> escaped = tree.escapedRoots();
    events.status(
        prefix
            + kind.describe(limit)
            + "; diagnosing "
            + tree.members().size()
            + " process(es) before stopping them");
    Map<String, Diagnosis> diagnoses = diagnoseAll(process.toHandle(), escaped);
    Optional<AttemptReport> report =
        options
            .reportDir()
            .map(dir -> new AttemptReport(dir, number, reproduction(), shownStyle.redactor()));
    String verdict = Verdicts.top(new ArrayList<>(diagnoses.values()));
    boolean written =
        report.isPresent() && !diagnoses.isEmpty() && written(report.get(), diagnoses);
    if (!written) {
      diagnoses.values().forEach(d -> events.diagnosis(DiagnosisReports.text(d, shownStyle)));
    }
    Duration evidenceAfter = Durations.between(deadline, ticker.nanos());
    if (written) {
      events.status(
          prefix
              + "evidence in "
              + report.get().dir()
              + " ("
              + Durations.seconds(evidenceAfter)
              + " after the deadline)");
    }
    TreeKiller.Report kill = TreeKiller.kill(tree::members, options.killAfter());
    events.status(prefix + "stopped the tree: " + kill.describe());
    drain(pumps);
    Duration duration = Durations.between(start, ticker.nanos());
    AttemptResult result =
        new AttemptResult(
            number,
            Outcome.HUNG,
            AttemptResult.HUNG_STATUS,
            duration,
            tree.marker().id(),
            Optional.of(
                new AttemptResult.Hang(
                    kind, Durations.between(start, deadline), verdict, evidenceAfter)),
            escaped.stream().map(ProcessHandle::pid).collect(Collectors.toList()),
            kill.survivors(),
            report.map(AttemptReport::dir));
    writeSummary(report, result, Optional.of(kind.describe(limit)), Optional.of(kill));
    return result;
  }

  /**
   * Writes the diagnoses into the report; when that fails (the directory is a file, the disk is
   * full), says so, and the caller shows the whole diagnosis on stderr instead.
   */
  private boolean written(AttemptReport report, Map<String, Diagnosis> diagnoses) {
    try {
      report.writeDiagnoses(diagnoses);
      return true;
    } catch (IOException e) {
      events.status(
          prefix
              + "could not write the evidence to "
              + report.dir()
              + ": "
              + WriteFailure.describe(e)
              + "; the whole diagnosis follows on stderr");
      return false;
    }
  }

  /** Diagnoses the command's tree and each escaped tree side by side, so all cost one window. */
  private Map<String, Diagnosis> diagnoseAll(ProcessHandle root, List<ProcessHandle> escaped)
      throws InterruptedException {
    Map<String, ProcessHandle> targets = new LinkedHashMap<>();
    targets.put("diagnosis", root);
    escaped.stream()
        .limit(MAX_ESCAPED_DIAGNOSED)
        .forEach(p -> targets.put("escaped-" + p.pid(), p));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            targets.size(),
            task -> {
              Thread thread = new Thread(task, "hangdoctor-diagnose");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<String, Future<Diagnosis>> pending = new LinkedHashMap<>();
      targets.forEach(
          (stem, process) ->
              pending.put(stem, pool.submit(() -> diagnoser.diagnose((int) process.pid()))));
      Map<String, Diagnosis> done = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Diagnosis>> entry : pending.entrySet()) {
        long pid = targets.get(entry.getKey()).pid();
        try {
          done.put(entry.getKey(), entry.getValue().get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          events.status(
              prefix
                  + "could not diagnose PID "
                  + pid
                  + ": "
                  + (cause instanceof ProcReadException ? cause.getMessage() : cause.toString()));
        }
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  private void reportLeftovers(RunTree tree) {
    List<String> left =
        tree.members().stream()
            .map(p -> RunTree.describe(p, shownStyle.redactor()))
            .collect(Collectors.toList());
    if (!left.isEmpty()) {
      events.status(
          prefix
              + left.size()
              + " process(es) it started still run after it exited (not stopped): "
              + String.join(", ", left));
    }
  }

  private AttemptResult notStarted(TreeMarker marker, long start, int status) {
    return finished(Outcome.NOT_STARTED, status, marker, start, List.of());
  }

  private AttemptResult finished(
      Outcome outcome, int status, TreeMarker marker, long start, List<String> survivors) {
    Optional<AttemptReport> report =
        options
            .reportDir()
            .map(dir -> new AttemptReport(dir, number, reproduction(), shownStyle.redactor()));
    AttemptResult result =
        new AttemptResult(
            number,
            outcome,
            status,
            Durations.between(start, ticker.nanos()),
            marker.id(),
            Optional.empty(),
            List.of(),
            survivors,
            report.map(AttemptReport::dir));
    writeSummary(report, result, Optional.empty(), Optional.empty());
    return result;
  }

  private void writeSummary(
      Optional<AttemptReport> report,
      AttemptResult result,
      Optional<String> hang,
      Optional<TreeKiller.Report> kill) {
    if (report.isEmpty()) {
      return;
    }
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("command", reproduction());
    entries.put("attempt", number + " of " + options.maxAttempts());
    entries.put("outcome", result.outcome().label());
    entries.put("exit status", Integer.toString(result.exitStatus()));
    entries.put("duration", Durations.seconds(result.duration()));
    entries.put(TreeMarker.VARIABLE, result.markerId());
    hang.ifPresent(h -> entries.put("hang", h));
    result.verdict().ifPresent(v -> entries.put("verdict", v));
    result
        .hang()
        .ifPresent(
            h ->
                entries.put(
                    "evidence written after the deadline",
                    h.evidenceAfterDeadline().toMillis() + " ms"));
    if (!result.escapedPids().isEmpty()) {
      entries.put(
          "outside the command's tree (found by " + TreeMarker.VARIABLE + ")",
          result.escapedPids().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    kill.ifPresent(k -> entries.put("stopped", k.describe()));
    try {
      report.get().writeSummary(entries);
    } catch (IOException e) {
      events.status(
          prefix
              + "could not write "
              + report.get().dir().resolve(AttemptReport.SUMMARY)
              + ": "
              + WriteFailure.describe(e));
    }
  }

  private void drain(List<OutputPump> pumps) throws InterruptedException {
    for (OutputPump pump : pumps) {
      pump.awaitEnd(OUTPUT_DRAIN);
    }
  }

  private String reproduction() {
    return "hangdoctor run -- " + ShellWords.join(shownStyle.redactor().argv(options.command()));
  }
}
