package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server a stuck worker belongs to will do about it, added to a finding whose thread is
 * inside a request or task of a known pre-fork worker (facts: {@code loops-servers-pools.md}
 * sections 9-10): a gunicorn sync or uvicorn worker stops heart-beating, so its arbiter kills it
 * when {@code --timeout} passes (how long it has left, from the worker's heartbeat file and the
 * timeout on its command line, {@code GUNICORN_CMD_ARGS} or config file); a gthread worker's main
 * thread keeps heart-beating, so no timeout comes; a celery prefork pool process runs a task until
 * its time limit, which is none unless one is set.
 */
final class ServerWorkers {
  /** gunicorn's default {@code --timeout}, in seconds. */
  static final int GUNICORN_DEFAULT_TIMEOUT = 30;

  private static final Pattern HEARTBEAT = Pattern.compile(".*/wgunicorn-[^/]*");
  private static final Pattern TIMEOUT_OPTION = Pattern.compile("(?:--timeout|-t)(?:=(\\d+))?");
  private static final Pattern CONFIG_OPTION = Pattern.compile("(?:--config|-c)(?:=(.+))?");
  private static final Pattern CONFIG_TIMEOUT =
      Pattern.compile("(?m)^timeout\\s*=\\s*(\\d+)\\s*(?:#.*)?$");
  private static final Pattern TIME_LIMIT = Pattern.compile("--(soft-)?time-limit(?:=(\\S+))?");

  /** What reading a worker's surroundings needs from the OS. */
  interface Files {
    /** Seconds since the file behind {@code fd} of {@code pid} was last modified, by its clock. */
    OptionalDouble secondsSinceModified(int pid, int fd);

    /** The text of {@code path} (relative paths from {@code pid}'s working directory). */
    Optional<String> read(int pid, String path);

    /** The value of variable {@code name} in {@code pid}'s environment. */
    Optional<String> environment(int pid, String name);
  }

  private enum Kind {
    GUNICORN_SYNC,
    GUNICORN_GTHREAD,
    GUNICORN_UVICORN,
    CELERY_PREFORK
  }

  private ServerWorkers() {}

  /** {@code finding} with what the worker's server will do, when its thread is such a worker. */
  static Finding annotate(Finding finding, Inspection inspection, Files files) {
    if (finding.tid() == Finding.PROCESS_WIDE) {
      return finding;
    }
    ProcessSnapshot latest = inspection.latest();
    List<PythonFrame> frames = frames(latest, finding.tid());
    Optional<Kind> kind = kindOf(frames);
    if (kind.isEmpty()) {
      return finding;
    }
    int pid = latest.process().pid();
    int parent = latest.process().ppid();
    List<String> cmdline = latest.process().cmdline();
    String line;
    String fix;
    switch (kind.get()) {
      case GUNICORN_SYNC, GUNICORN_UVICORN -> {
        String what =
            kind.get() == Kind.GUNICORN_SYNC
                ? "gunicorn sync worker PID " + pid + " is inside a request"
                : "gunicorn UvicornWorker PID " + pid + " has its event loop held";
        OptionalInt timeout = gunicornTimeout(pid, cmdline, files);
        OptionalDouble age = heartbeatAge(latest, pid, files);
        line =
            what
                + ", so it stops heart-beating: its arbiter (PID "
                + parent
                + ") kills it (SIGABRT) once "
                + timeout.stream().mapToObj(t -> t + " s").findFirst().orElse("its --timeout")
                + " pass without a heartbeat"
                + remaining(timeout, age);
        fix =
            " The arbiter's timeout only replaces the worker: this request fails, and the next"
                + " one to make the same call hangs the same way.";
      }
      case GUNICORN_GTHREAD -> {
        line =
            "gunicorn gthread worker PID "
                + pid
                + ": this request thread is stuck, but the worker's main thread keeps"
                + " heart-beating, so its arbiter (PID "
                + parent
                + ") never times it out; the thread stays taken until the call returns";
        fix =
            " gunicorn's --timeout does not cover gthread request threads: the call's own timeout"
                + " is the only bound.";
      }
      case CELERY_PREFORK -> {
        Optional<String> limit = celeryTimeLimit(cmdline);
        line =
            "celery prefork pool process PID "
                + pid
                + " (pool of PID "
                + parent
                + ") runs this task; "
                + limit
                    .map(l -> "the worker's " + l + " ends it")
                    .orElse(
                        "no --time-limit or --soft-time-limit on the worker's command line: unless"
                            + " the task or the app sets time_limit/task_time_limit, celery waits"
                            + " for it for ever and this pool process takes no other task");
        fix =
            limit.isPresent()
                ? ""
                : " Also give the task a time limit (@app.task(soft_time_limit=…, time_limit=…) or"
                    + " task_time_limit), so a stuck call frees its pool process.";
      }
      default -> {
        return finding;
      }
    }
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(line);
    return new Finding(
        finding.ruleId(),
        finding.kind(),
        finding.confidence(),
        finding.tid(),
        finding.threadName(),
        finding.keyFrames(),
        evidence,
        finding.explanation(),
        finding.fix() + fix,
        finding.stack());
  }

  private static List<PythonFrame> frames(ProcessSnapshot snapshot, int tid) {
    PythonStacks python = snapshot.python();
    if (python == null || python.status() != PythonStacks.Status.READ) {
      return List.of();
    }
    return python.threads().stream()
        .filter(t -> t.nativeThreadId() == tid)
        .map(PythonThread::frames)
        .findFirst()
        .orElse(List.of());
  }

  private static Optional<Kind> kindOf(List<PythonFrame> frames) {
    if (has(frames, "/gunicorn/workers/sync.py", "handle_request")) {
      return Optional.of(Kind.GUNICORN_SYNC);
    }
    if (has(frames, "/gunicorn/workers/gthread.py", "handle_request")) {
      return Optional.of(Kind.GUNICORN_GTHREAD);
    }
    if (has(frames, "/uvicorn/workers.py", "run")
        && has(frames, "/gunicorn/workers/base.py", "init_process")) {
      return Optional.of(Kind.GUNICORN_UVICORN);
    }
    if (has(frames, "/celery/app/trace.py", null) && has(frames, "/billiard/pool.py", null)) {
      return Optional.of(Kind.CELERY_PREFORK);
    }
    return Optional.empty();
  }

  private static boolean has(List<PythonFrame> frames, String fileSuffix, String function) {
    return frames.stream()
        .anyMatch(
            f ->
                f.file() != null
                    && f.file().endsWith(fileSuffix)
                    && (function == null || function.equals(f.function())));
  }

  private static String remaining(OptionalInt timeout, OptionalDouble age) {
    if (age.isEmpty()) {
      return "";
    }
    long since = Math.round(age.getAsDouble());
    if (timeout.isEmpty()) {
      return " (last heartbeat " + since + " s ago)";
    }
    long left = Math.max(0, Math.round(timeout.getAsInt() - age.getAsDouble()));
    return ": last heartbeat " + since + " s ago, about " + left + " s left";
  }

  /** Seconds since the worker's heartbeat file ({@code wgunicorn-*}) was touched. */
  private static OptionalDouble heartbeatAge(ProcessSnapshot snapshot, int pid, Files files) {
    for (FdEntry fd : snapshot.fds()) {
      String target = fd.target() == null ? "" : fd.target().replace(" (deleted)", "");
      if (HEARTBEAT.matcher(target).matches()) {
        return files.secondsSinceModified(pid, fd.fd());
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * gunicorn's worker timeout as the process was started: the command line first, then {@code
   * GUNICORN_CMD_ARGS}, then a literal {@code timeout = N} in the config file ({@code -c}, else
   * {@code ./gunicorn.conf.py}), else the default when no config file exists; empty when a config
   * file sets it in a way not read here.
   */
  static OptionalInt gunicornTimeout(int pid, List<String> cmdline, Files files) {
    OptionalInt fromArgs = option(cmdline, TIMEOUT_OPTION);
    if (fromArgs.isPresent()) {
      return fromArgs;
    }
    OptionalInt fromEnv =
        files
            .environment(pid, "GUNICORN_CMD_ARGS")
            .map(v -> option(List.of(v.trim().split("\\s+")), TIMEOUT_OPTION))
            .orElse(OptionalInt.empty());
    if (fromEnv.isPresent()) {
      return fromEnv;
    }
    String config = configPath(cmdline).orElse("gunicorn.conf.py");
    Optional<String> text = files.read(pid, config);
    if (text.isEmpty()) {
      return OptionalInt.of(GUNICORN_DEFAULT_TIMEOUT);
    }
    Matcher m = CONFIG_TIMEOUT.matcher(text.get());
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  private static Optional<String> configPath(List<String> cmdline) {
    for (int i = 0; i < cmdline.size(); i++) {
      Matcher m = CONFIG_OPTION.matcher(cmdline.get(i));
      if (m.matches()) {
        String value =
            m.group(1) != null ? m.group(1) : i + 1 < cmdline.size() ? cmdline.get(i + 1) : null;
        if (value != null && !value.startsWith("python:")) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }

  private static OptionalInt option(List<String> args, Pattern option) {
    for (int i = 0; i < args.size(); i++) {
      Matcher m = option.matcher(args.get(i));
      if (m.matches()) {
        String value = m.group(1) != null ? m.group(1) : i + 1 < args.size() ? args.get(i + 1) : "";
        try {
          return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
          return OptionalInt.empty();
        }
      }
    }
    return OptionalInt.empty();
  }

  private static Optional<String> celeryTimeLimit(List<String> cmdline) {
    for (int i = 0; i < cmdline.size(); i++) {
      Matcher m = TIME_LIMIT.matcher(cmdline.get(i));
      if (m.matches()) {
        String value =
            m.group(2) != null ? m.group(2) : i + 1 < cmdline.size() ? cmdline.get(i + 1) : "?";
        return Optional.of(
            "--" + (m.group(1) == null ? "" : "soft-") + "time-limit " + value + " s");
      }
    }
    return Optional.empty();
  }
}
