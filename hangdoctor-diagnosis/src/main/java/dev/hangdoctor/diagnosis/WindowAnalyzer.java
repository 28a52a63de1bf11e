package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketQueueTrend;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.evidence.WindowSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a {@link WindowSummary} from successive snapshots of one process: CPU % per thread over
 * the window and, where the kernel keeps scheduler statistics, the share of it the thread waited
 * for a CPU while runnable; whether each thread stayed in the very same kernel wait, how socket
 * queues and the descriptor count moved. A pure function of its input.
 */
public final class WindowAnalyzer {
  /** CPU % reported when a window has a single sample and nothing can be measured. */
  public static final double NOT_MEASURED = -1;

  private WindowAnalyzer() {}

  public static WindowSummary analyze(List<ProcessSnapshot> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one sample");
    }
    ProcessSnapshot first = samples.get(0);
    ProcessSnapshot last = samples.get(samples.size() - 1);
    long spanNanos = last.monotonicNanos() - first.monotonicNanos();
    double processCpu =
        percent(
            last.process().cpu().totalMillis() - first.process().cpu().totalMillis(), spanNanos);
    return new WindowSummary(
        samples.size(),
        spanNanos / 1_000_000,
        processCpu,
        threadActivities(samples),
        socketTrends(samples),
        fdCount(first),
        fdCount(last));
  }

  private static List<ThreadActivity> threadActivities(List<ProcessSnapshot> samples) {
    Map<Integer, List<ThreadSnapshot>> byTid = new LinkedHashMap<>();
    Map<Integer, List<Long>> timesByTid = new LinkedHashMap<>();
    for (ProcessSnapshot sample : samples) {
      for (ThreadSnapshot thread : sample.threads()) {
        byTid.computeIfAbsent(thread.tid(), tid -> new ArrayList<>()).add(thread);
        timesByTid
            .computeIfAbsent(thread.tid(), tid -> new ArrayList<>())
            .add(sample.monotonicNanos());
      }
    }
    List<ThreadActivity> activities = new ArrayList<>();
    for (Map.Entry<Integer, List<ThreadSnapshot>> entry : byTid.entrySet()) {
      List<ThreadSnapshot> seen = entry.getValue();
      List<Long> times = timesByTid.get(entry.getKey());
      ThreadSnapshot firstSeen = seen.get(0);
      ThreadSnapshot lastSeen = seen.get(seen.size() - 1);
      long span = times.get(times.size() - 1) - times.get(0);
      activities.add(
          new ThreadActivity(
              lastSeen.tid(),
              lastSeen.name(),
              lastSeen.state(),
              lastSeen.kernelWait(),
              percent(lastSeen.cpu().totalMillis() - firstSeen.cpu().totalMillis(), span),
              samples.size() > 1 && seen.size() == samples.size() && sameWaitThroughout(seen),
              seen.size(),
              lastSeen.voluntaryContextSwitches() - firstSeen.voluntaryContextSwitches(),
              lastSeen.involuntaryContextSwitches() - firstSeen.involuntaryContextSwitches(),
              runqueueWaitPercent(firstSeen, lastSeen, span)));
    }
    activities.sort((a, b) -> Integer.compare(a.tid(), b.tid()));
    return activities;
  }

  /** Run-queue wait over the window in % of it, from schedstat; unknown without it. */
  private static double runqueueWaitPercent(ThreadSnapshot first, ThreadSnapshot last, long span) {
    if (first.schedStat() == null || last.schedStat() == null || span <= 0) {
      return ThreadActivity.UNKNOWN;
    }
    long waited = last.schedStat().runqueueWaitNanos() - first.schedStat().runqueueWaitNanos();
    return Math.max(0, waited * 100.0 / span);
  }

  /** The same known, non-running kernel wait in every sample. */
  static boolean sameWaitThroughout(List<ThreadSnapshot> seen) {
    KernelWait wait = seen.get(0).kernelWait();
    if (wait.syscall().status() == SyscallState.Status.RUNNING
        || wait.syscall().status() == SyscallState.Status.UNKNOWN) {
      return false;
    }
    for (ThreadSnapshot thread : seen) {
      if (!thread.kernelWait().equals(wait) || !thread.state().isWaiting()) {
        return false;
      }
    }
    return true;
  }

  private static List<SocketQueueTrend> socketTrends(List<ProcessSnapshot> samples) {
    Map<Long, SocketEntry> firstSeen = new LinkedHashMap<>();
    Map<Long, SocketEntry> lastSeen = new LinkedHashMap<>();
    Map<Long, Boolean> everQueued = new LinkedHashMap<>();
    for (ProcessSnapshot sample : samples) {
      for (SocketEntry socket : sample.sockets()) {
        if (socket.receiveQueue() == null || socket.sendQueue() == null) {
          continue;
        }
        firstSeen.putIfAbsent(socket.inode(), socket);
        lastSeen.put(socket.inode(), socket);
        boolean queued =
            socket.state() == SocketState.LISTEN
                ? socket.receiveQueue() > 0
                : socket.hasQueuedData();
        everQueued.merge(socket.inode(), queued, Boolean::logicalOr);
      }
    }
    List<SocketQueueTrend> trends = new ArrayList<>();
    for (Map.Entry<Long, SocketEntry> entry : lastSeen.entrySet()) {
      if (!everQueued.get(entry.getKey())) {
        continue;
      }
      SocketEntry first = firstSeen.get(entry.getKey());
      SocketEntry last = entry.getValue();
      trends.add(
          new SocketQueueTrend(
              last.inode(),
              last.fd(),
              last.protocol(),
              last.state(),
              last.local(),
              last.remote(),
              last.unixPath(),
              first.receiveQueue(),
              last.receiveQueue(),
              first.sendQueue(),
              last.sendQueue()));
    }
    trends.sort((a, b) -> Integer.compare(a.fd(), b.fd()));
    return trends;
  }

  private static int fdCount(ProcessSnapshot snapshot) {
    return snapshot.fdSummary() == null
        ? WindowSummary.UNKNOWN_FD_COUNT
        : snapshot.fdSummary().total();
  }

  private static double percent(long cpuMillis, long spanNanos) {
    if (spanNanos <= 0) {
      return NOT_MEASURED;
    }
    return Math.max(0, cpuMillis * 1_000_000.0 * 100 / spanNanos);
  }
}
