package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.EventLoops;
import dev.hangdoctor.rules.internal.EventLoops.LoopView;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.LoopKind;
import dev.hangdoctor.rules.internal.UserFrames;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An event loop thread that is not in its selector in any sample but inside a synchronous call made
 * by one coroutine (or callback), from the same line every time: {@code time.sleep}, a blocking
 * socket or file read, a lock wait, an HTTP call without async. HIGH when the kernel wait is the
 * same for the whole window; MEDIUM when the loop computes or its wait changes while the same line
 * keeps it busy. Executor shutdown is left to {@link ExecutorShutdownBlocksLoop}.
 */
final class LoopBlockedBySyncCall implements Rule {
  static final String ID = "loop-blocked-by-sync-call";
  static final double MIN_CPU_PERCENT = 80;

  private static final Set<String> SLEEPS = Set.of("nanosleep", "clock_nanosleep");
  private static final Set<String> SOCKET_CALLS =
      Set.of("connect", "accept", "accept4", "sendto", "sendmsg", "write", "writev");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    boolean gevent = runsGevent(inspection);
    for (ThreadActivity thread : inspection.window().threads()) {
      callSiteThroughout(inspection, thread.tid(), gevent)
          .flatMap(site -> finding(inspection, thread, site, gevent))
          .ifPresent(findings::add);
    }
    return findings;
  }

  /** True when any thread of any sample runs gevent's code: greenlets may run on the hub thread. */
  static boolean runsGevent(Inspection inspection) {
    return inspection.samples().stream()
            .map(ProcessSnapshot::python)
            .filter(Objects::nonNull)
            .flatMap(python -> python.threads().stream())
            .flatMap(thread -> thread.frames().stream())
            .anyMatch(EventLoops::isGevent)
        || inspection.stackSamples().stream()
            .flatMap(sample -> sample.threads().stream())
            .flatMap(thread -> thread.frames().stream())
            .anyMatch(EventLoops::isGevent);
  }

  /** The loop on thread {@code tid}'s stack in {@code sample}, when it runs one. */
  static Optional<LoopView> loopOf(
      Inspection inspection, ProcessSnapshot sample, int tid, boolean gevent) {
    List<PythonFrame> frames = Lookup.frames(sample, tid);
    return EventLoops.read(frames, tid == inspection.pid(), gevent);
  }

  /**
   * The frame that holds the loop, when it is the same in every sample: the innermost user frame
   * running on the loop (the library's innermost when none is the user's).
   */
  private static Optional<PythonFrame> callSiteThroughout(
      Inspection inspection, int tid, boolean gevent) {
    PythonFrame site = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      List<PythonFrame> frames = Lookup.frames(sample, tid);
      List<PythonFrame> onLoop =
          loopOf(inspection, sample, tid, gevent).map(LoopView::running).orElse(List.of());
      if (onLoop.isEmpty() || ExecutorShutdownBlocksLoop.joinsPoolOnLoop(frames)) {
        return Optional.empty();
      }
      PythonFrame here = UserFrames.innermostUserFrame(onLoop).orElse(onLoop.get(0));
      if (site != null && !sameLine(site, here)) {
        return Optional.empty();
      }
      site = here;
    }
    return Optional.ofNullable(site);
  }

  private static boolean sameLine(PythonFrame a, PythonFrame b) {
    return Objects.equals(a.file(), b.file())
        && Objects.equals(a.qualifiedName(), b.qualifiedName())
        && a.line() == b.line();
  }

  private static Optional<Finding> finding(
      Inspection inspection, ThreadActivity thread, PythonFrame site, boolean gevent) {
    Optional<LoopView> seen = loopOf(inspection, inspection.latest(), thread.tid(), gevent);
    if (seen.isEmpty() || seen.get().idle()) {
      return Optional.empty();
    }
    LoopView loop = seen.get();
    LoopKind kind = loop.kind();
    SyscallState call = mostSeenCall(inspection, thread);
    boolean blocked = thread.waitUnchanged() && call.status() == SyscallState.Status.IN_SYSCALL;
    boolean computing =
        call.status() == SyscallState.Status.RUNNING && thread.cpuPercent() >= MIN_CPU_PERCENT;
    List<PythonFrame> onLoop = loop.running();
    List<PythonFrame> keyFrames = new ArrayList<>();
    keyFrames.add(site);
    if (!onLoop.get(0).equals(site)) {
      keyFrames.add(onLoop.get(0));
    }
    String siteText = UserFrames.location(site) + " (" + site.qualifiedName() + ")";

    List<String> evidence = new ArrayList<>();
    evidence.add(
        loop.describe()
            + " is not in its poll in any of "
            + Lookup.window(inspection)
            + ": it runs "
            + siteText
            + " every time");
    Optional<SocketEntry> socket =
        Waits.readFd(call).stream()
            .boxed()
            .findFirst()
            .flatMap(fd -> Lookup.socket(inspection.latest(), fd));
    if (blocked) {
      evidence.add(
          thread.kernelWait().describe()
              + socket.map(s -> " on " + Lookup.describe(s)).orElse("")
              + ", unchanged in all "
              + Lookup.window(inspection));
    } else {
      evidence.add(
          String.format(
              Locale.ROOT,
              "%s, CPU %.0f %% over the window",
              thread.kernelWait().describe(),
              thread.cpuPercent()));
    }
    String what = kindOfCall(call, socket.isPresent(), computing);
    String explanation =
        "A "
            + kind.unitOfWork()
            + " made a synchronous call ("
            + what
            + ") on "
            + loop.thread()
            + ". Until it returns the loop cannot run any other "
            + kind.unitOfWork()
            + ", callback or timer, nor accept connections: every request on this loop, health"
            + " checks included, waits"
            + (blocked ? ", and the loop was in this same call in every sample." : ".");
    return Optional.of(
        new Finding(
            ID,
            "event loop blocked by a synchronous call",
            blocked ? Confidence.HIGH : Confidence.MEDIUM,
            thread.tid(),
            loopThreadName(inspection, thread),
            keyFrames,
            evidence,
            explanation,
            "At " + siteText + ": " + fixFor(kind, call, socket.isPresent(), computing)));
  }

  /**
   * The thread's name; a main thread that {@code threading} could not be matched with (gevent's
   * patched {@code threading} keys it by greenlet, so its name falls back to the comm) is still
   * CPython's {@code MainThread}.
   */
  private static String loopThreadName(Inspection inspection, ThreadActivity thread) {
    boolean unnamedMain =
        thread.tid() == inspection.pid()
            && Lookup.pythonThread(inspection.latest(), thread.tid())
                .map(p -> p.nameSource() == PythonThread.NameSource.COMM)
                .orElse(false);
    return unnamedMain ? "MainThread" : Lookup.threadName(inspection, thread);
  }

  /**
   * The system call the loop thread was found in most often over the window (ties: the newest), so
   * a loop that polls (sleep, stat, sleep) is judged by its sleep, not by whichever call the last
   * sample caught; the latest state when it was in no system call at all.
   */
  private static SyscallState mostSeenCall(Inspection inspection, ThreadActivity thread) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, SyscallState> newestFirst = new LinkedHashMap<>();
    List<ProcessSnapshot> samples = inspection.samples();
    for (int i = samples.size() - 1; i >= 0; i--) {
      for (ThreadSnapshot snapshot : samples.get(i).threads()) {
        SyscallState call = snapshot.kernelWait().syscall();
        if (snapshot.tid() == thread.tid()
            && call.status() == SyscallState.Status.IN_SYSCALL
            && call.name() != null) {
          counts.merge(call.name(), 1, Integer::sum);
          newestFirst.putIfAbsent(call.name(), call);
        }
      }
    }
    int most = counts.values().stream().max(Integer::compare).orElse(0);
    return newestFirst.values().stream()
        .filter(call -> counts.get(call.name()) == most)
        .findFirst()
        .orElse(thread.kernelWait().syscall());
  }

  private static String kindOfCall(SyscallState call, boolean onSocket, boolean computing) {
    if (computing) {
      return "CPU-bound work";
    }
    String name = call.name() == null ? "" : call.name();
    if (SLEEPS.contains(name)) {
      return "a sleep, " + name;
    }
    if (onSocket || SOCKET_CALLS.contains(name)) {
      return "blocking network I/O, " + name;
    }
    if ("futex".equals(name)) {
      return "a wait on a thread lock, event or future, futex";
    }
    return name.isEmpty() ? "a blocking call" : "a blocking " + name;
  }

  private static String fixFor(
      LoopKind kind, SyscallState call, boolean onSocket, boolean computing) {
    if (computing) {
      return "move the computation off the loop with "
          + kind.offloadFix()
          + " (a process pool for pure-Python work), or split it and yield to the loop between"
          + " chunks.";
    }
    String name = call.name() == null ? "" : call.name();
    if (SLEEPS.contains(name)) {
      return kind.sleepFix();
    }
    if (onSocket || SOCKET_CALLS.contains(name)) {
      return kind.networkFix()
          + ", or move the blocking call off the loop with "
          + kind.offloadFix()
          + " and give it a timeout.";
    }
    if ("futex".equals(name)) {
      return kind.lockFix() + ", or run the wait with " + kind.offloadFix() + ", with a timeout.";
    }
    return "move the blocking call off the loop with "
        + kind.offloadFix()
        + " (or use an async API for it), with a timeout.";
  }
}
