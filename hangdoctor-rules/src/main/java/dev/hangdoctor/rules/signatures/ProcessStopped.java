package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.Tracer;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A process that does not run at all because it is stopped: by a stop signal (state {@code T}:
 * {@code kill -STOP}, Ctrl+Z, a background job touching its terminal) or by a tracer that holds it
 * in a tracing stop (state {@code t}: a debugger at its prompt), named from {@code TracerPid}.
 * Every thread it was read with is stopped in the last sample; HIGH when it was stopped in every
 * sample of the window, MEDIUM when it stopped during it. Nothing the process does explains the
 * wait, so this finding leads: whatever waits on the process waits until it is resumed. A thread
 * stopped inside a read (or write) on its terminal names the signal, SIGTTIN (SIGTTOU), and is the
 * finding's thread, with its frames: the prompt of a background job.
 */
final class ProcessStopped implements Rule {
  static final String ID = "process-stopped";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return stopped(inspection.latest())
        ? "it was stopped earlier in the window but runs again"
        : "the process is not stopped (state " + inspection.latest().process().state() + ")";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    ProcessSnapshot latest = inspection.latest();
    if (!stopped(latest)) {
      return List.of();
    }
    boolean throughout = inspection.samples().stream().allMatch(ProcessStopped::stopped);
    boolean traced = tracingStop(latest);
    Optional<TerminalStop> terminal = traced ? Optional.empty() : terminalStop(latest);
    if (terminal.isPresent()) {
      return List.of(terminalFinding(inspection, terminal.get(), throughout));
    }
    Tracer tracer = latest.process().tracer();
    int pid = latest.process().pid();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        String.format(
            "state %s (%s) %s; %d of %d threads stopped%s",
            traced ? "t" : "T",
            traced ? "tracing stop" : "stopped",
            throughout
                ? "in all " + Lookup.window(inspection)
                : "in the last sample, not all " + Lookup.window(inspection),
            stoppedThreads(latest),
            latest.threads().size(),
            latest.threads().isEmpty() || latest.threads().get(0).kernelWait().wchan() == null
                ? ""
                : ", waiting in " + latest.threads().get(0).kernelWait().wchan()));
    if (tracer != null) {
      evidence.add("traced by " + tracer.describe() + " (TracerPid in /proc/" + pid + "/status)");
    }
    evidence.add(
        String.format("CPU %.0f %% over the window", inspection.window().processCpuPercent()));
    return List.of(
        new Finding(
            ID,
            traced && tracer != null
                ? "process held stopped by tracer " + tracer.describe()
                : "process stopped by a signal",
            throughout ? Confidence.HIGH : Confidence.MEDIUM,
            Finding.PROCESS_WIDE,
            null,
            List.of(),
            evidence,
            traced ? tracedExplanation(tracer) : stoppedExplanation(),
            traced ? tracedFix(pid, tracer) : stoppedFix(pid, tracer)));
  }

  /** A thread stopped in a read or write on the terminal {@code tty} (descriptor {@code fd}). */
  private record TerminalStop(ThreadSnapshot thread, String call, int fd, String tty) {
    boolean read() {
      return !call.startsWith("write");
    }

    String signal() {
      return read() ? "SIGTTIN" : "SIGTTOU";
    }
  }

  private static Optional<TerminalStop> terminalStop(ProcessSnapshot sample) {
    for (ThreadSnapshot thread : sample.threads()) {
      SyscallState call = thread.kernelWait().syscall();
      if (thread.state() != TaskState.STOPPED
          || call.status() != SyscallState.Status.IN_SYSCALL
          || !TERMINAL_IO.contains(call.name())
          || call.arguments().isEmpty()) {
        continue;
      }
      int fd = (int) (long) call.arguments().get(0);
      Optional<String> tty =
          sample.fds().stream()
              .filter(entry -> entry.fd() == fd && isTerminal(entry.target()))
              .map(FdEntry::target)
              .findFirst();
      if (tty.isPresent()) {
        return Optional.of(new TerminalStop(thread, call.name(), fd, tty.get()));
      }
    }
    return Optional.empty();
  }

  private static final Set<String> TERMINAL_IO =
      Set.of("read", "readv", "pread64", "write", "writev", "pwrite64");

  private static boolean isTerminal(String target) {
    return target != null
        && (target.startsWith("/dev/pts/")
            || target.startsWith("/dev/tty")
            || target.equals("/dev/console"));
  }

  private static Finding terminalFinding(
      Inspection inspection, TerminalStop stop, boolean throughout) {
    ProcessSnapshot latest = inspection.latest();
    int pid = latest.process().pid();
    int tid = stop.thread().tid();
    List<PythonFrame> keyFrames = UserFrames.keyFrames(Lookup.frames(latest, tid));
    String name =
        Lookup.activity(inspection, tid)
            .map(activity -> Lookup.threadName(inspection, activity))
            .orElse(stop.thread().name());
    String where =
        keyFrames.isEmpty()
            ? ""
            : UserFrames.location(keyFrames.get(0)) + " (" + keyFrames.get(0).qualifiedName() + ")";
    String call = stop.read() ? "read from" : "write to";
    List<String> evidence = new ArrayList<>();
    evidence.add(
        String.format(
            "state T (stopped) %s; %d of %d threads stopped",
            throughout
                ? "in all " + Lookup.window(inspection)
                : "in the last sample, not all " + Lookup.window(inspection),
            stoppedThreads(latest),
            latest.threads().size()));
    evidence.add(
        "\""
            + name
            + "\" (tid "
            + tid
            + ") stopped in "
            + stop.call()
            + "("
            + stop.fd()
            + ", …) on "
            + stop.tty()
            + " (a terminal)"
            + (where.isEmpty() ? "" : " at " + where));
    String prompt =
        latest.python() == null
            ? ""
            : " (in Python: input(), getpass(), sys.stdin.read() on the terminal)";
    String fix =
        "Bring the job to the foreground in its shell (`fg`) and answer it, or give it its input"
            + " without a terminal (a --yes option, `< /dev/null`, a here-document); `kill -CONT "
            + pid
            + "` alone only lets a background job stop again at the same "
            + (stop.read() ? "read" : "write")
            + "."
            + (where.isEmpty()
                ? ""
                : " At "
                    + where
                    + ": do not "
                    + (stop.read() ? "prompt" : "write to the terminal")
                    + " when the process is not in the terminal's foreground process group"
                    + " (os.tcgetpgrp(fd) != os.getpgrp()), or add a non-interactive mode.");
    return new Finding(
        ID,
        "process stopped at a "
            + call
            + " its terminal ("
            + stop.signal()
            + ": a background job "
            + (stop.read() ? "at a prompt" : "writing")
            + ")",
        throughout ? Confidence.HIGH : Confidence.MEDIUM,
        tid,
        name,
        keyFrames,
        evidence,
        "The process is stopped in a "
            + call
            + " its terminal ("
            + stop.tty()
            + ")"
            + prompt
            + ". The kernel stops a background job that "
            + (stop.read() ? "reads its terminal" : "writes to it while TOSTOP is set")
            + " with "
            + stop.signal()
            + "; a Ctrl+Z (SIGTSTP) or `kill -STOP` that arrived while it waited there leaves the"
            + " same trace, as the kernel does not record the signal. None of its threads runs"
            + " until it is brought to the foreground or continued, so everything waiting on it"
            + " waits too.",
        fix);
  }

  /** The process, and every thread read with it, is stopped (by a signal or a tracer). */
  static boolean stopped(ProcessSnapshot sample) {
    if (!isStopped(sample.process().state())) {
      return false;
    }
    return sample.threads().stream().map(ThreadSnapshot::state).allMatch(ProcessStopped::isStopped);
  }

  private static boolean isStopped(TaskState state) {
    return state == TaskState.STOPPED || state == TaskState.TRACING_STOP;
  }

  private static boolean tracingStop(ProcessSnapshot sample) {
    return sample.process().state() == TaskState.TRACING_STOP
        || sample.threads().stream().anyMatch(t -> t.state() == TaskState.TRACING_STOP);
  }

  private static long stoppedThreads(ProcessSnapshot sample) {
    return sample.threads().stream().filter(t -> isStopped(t.state())).count();
  }

  private static String stoppedExplanation() {
    return "The process was stopped by a signal (SIGSTOP from kill -STOP, SIGTSTP from Ctrl+Z,"
        + " or SIGTTIN/SIGTTOU when a background job touched its terminal). None of its threads"
        + " runs until it gets SIGCONT, so everything waiting on it (its clients, its parent, the"
        + " other end of its pipes) waits too. It is not stuck in its own code.";
  }

  private static String stoppedFix(int pid, Tracer tracer) {
    String fix =
        "Resume it with `kill -CONT "
            + pid
            + "` (or `fg` in the shell that started it), then find out who stopped it: a Ctrl+Z"
            + " in a terminal, a job-control script, or a supervisor that pauses work.";
    return tracer == null
        ? fix
        : fix + " It is also traced by " + tracer.describe() + ", which may have stopped it.";
  }

  private static String tracedExplanation(Tracer tracer) {
    return "A tracer (a debugger, strace, a profiler) holds the process in a tracing stop"
        + (tracer == null ? "" : ": " + tracer.describe())
        + ". None of its threads runs until the tracer lets it continue or detaches; SIGCONT does"
        + " not resume a tracing stop.";
  }

  private static String tracedFix(int pid, Tracer tracer) {
    if (tracer == null) {
      return "Find the tracer (TracerPid in /proc/"
          + pid
          + "/status) and let the process continue or detach from it.";
    }
    return "In the tracer, "
        + tracer.describe()
        + ", continue the process (`continue` in gdb) or detach (`detach`, or quit gdb). If the"
        + " tracer is gone astray, ending it (`kill "
        + tracer.pid()
        + "`) detaches the process and lets it run; `kill -CONT "
        + pid
        + "` alone does not.";
  }
}
