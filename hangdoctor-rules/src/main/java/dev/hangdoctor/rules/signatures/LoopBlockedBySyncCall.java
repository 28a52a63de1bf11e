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
import dev.hangdoctor.rules.internal.Lookup;
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
    for (ThreadActivity thread : inspection.window().threads()) {
      callSiteThroughout(inspection, thread.tid())
          .flatMap(site -> finding(inspection, thread, site))
          .ifPresent(findings::add);
    }
    return findings;
  }

  /**
   * The frame that holds the loop, when it is the same in every sample: the innermost user frame
   * running on the loop (the library's innermost when none is the user's).
   */
  private static Optional<PythonFrame> callSiteThroughout(Inspection inspection, int tid) {
    PythonFrame site = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      List<PythonFrame> frames =
          Lookup.pythonThread(sample, tid).map(PythonThread::frames).orElse(List.of());
      List<PythonFrame> onLoop = EventLoops.runningOnLoop(frames);
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
      Inspection inspection, ThreadActivity thread, PythonFrame site) {
    SyscallState call = mostSeenCall(inspection, thread);
    boolean blocked = thread.waitUnchanged() && call.status() == SyscallState.Status.IN_SYSCALL;
    boolean computing =
        call.status() == SyscallState.Status.RUNNING && thread.cpuPercent() >= MIN_CPU_PERCENT;
    List<PythonFrame> frames =
        Lookup.pythonThread(inspection.latest(), thread.tid()).orElseThrow().frames();
    List<PythonFrame> onLoop = EventLoops.runningOnLoop(frames);
    List<PythonFrame> keyFrames = new ArrayList<>();
    keyFrames.add(site);
    if (!onLoop.get(0).equals(site)) {
      keyFrames.add(onLoop.get(0));
    }
    String siteText = UserFrames.location(site) + " (" + site.qualifiedName() + ")";

    List<String> evidence = new ArrayList<>();
    evidence.add(
        "event loop thread ("
            + EventLoops.loopFrame(frames).qualifiedName()
            + " on its stack) is not in its selector in any of "
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
        "A coroutine made a synchronous call ("
            + what
            + ") on the event loop thread. Until it returns the loop cannot run any other task,"
            + " callback or timer, nor accept connections: every request on this loop, health"
            + " checks included, waits"
            + (blocked ? ", and the loop was in this same call in every sample." : ".");
    return Optional.of(
        new Finding(
            ID,
            "event loop blocked by a synchronous call",
            blocked ? Confidence.HIGH : Confidence.MEDIUM,
            thread.tid(),
            Lookup.threadName(inspection, thread),
            keyFrames,
            evidence,
            explanation,
            "At " + siteText + ": " + fixFor(call, socket.isPresent(), computing)));
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

  private static String fixFor(SyscallState call, boolean onSocket, boolean computing) {
    if (computing) {
      return "move the computation off the loop (`await asyncio.to_thread(f, ...)`, or"
          + " `await loop.run_in_executor(process_pool, f, ...)` for pure Python work), or split it"
          + " and `await asyncio.sleep(0)` between chunks.";
    }
    String name = call.name() == null ? "" : call.name();
    if (SLEEPS.contains(name)) {
      return "replace time.sleep(...) with `await asyncio.sleep(...)`; to wait for a condition,"
          + " await an asyncio.Event or poll with asyncio.sleep and an overall timeout"
          + " (`async with asyncio.timeout(seconds)`).";
    }
    if (onSocket || SOCKET_CALLS.contains(name)) {
      return "use an async client with a timeout (httpx.AsyncClient(timeout=...), aiohttp, or"
          + " asyncio.open_connection under asyncio.timeout(...)), or move the blocking call off"
          + " the loop with `await asyncio.to_thread(...)` / `await loop.run_in_executor(...)` and"
          + " give it a timeout.";
    }
    if ("futex".equals(name)) {
      return "do not wait on threading locks, events or concurrent futures in a coroutine: use"
          + " asyncio.Lock/asyncio.Event, `await asyncio.wrap_future(future)`, or"
          + " `await asyncio.to_thread(...)`, with a timeout.";
    }
    return "move the blocking call off the loop with `await asyncio.to_thread(...)` or"
        + " `await loop.run_in_executor(...)` (or use an async API for it), with a timeout.";
  }
}
