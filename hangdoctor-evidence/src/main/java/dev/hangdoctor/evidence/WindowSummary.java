package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What changed, and what did not, over the samples of one inspection: per-thread CPU and wait
 * stability, queue trends of the sockets that held data, and the file-descriptor count.
 */
public record WindowSummary(
    int samples,
    long spanMillis,
    double processCpuPercent,
    List<ThreadActivity> threads,
    List<SocketQueueTrend> socketQueues,
    int firstFdCount,
    int lastFdCount) {
  public WindowSummary {
    threads = List.copyOf(threads);
    socketQueues = List.copyOf(socketQueues);
  }

  public int fdGrowth() {
    return lastFdCount - firstFdCount;
  }
}
