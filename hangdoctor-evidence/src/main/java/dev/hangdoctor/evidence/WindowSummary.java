package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What changed, and what did not, over the samples of one inspection: per-thread CPU and wait
 * stability, queue trends of the sockets that held data, and the file-descriptor count ({@link
 * #UNKNOWN_FD_COUNT} when the descriptors could not be listed).
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

  public static final int UNKNOWN_FD_COUNT = -1;

  public int fdGrowth() {
    if (firstFdCount == UNKNOWN_FD_COUNT || lastFdCount == UNKNOWN_FD_COUNT) {
      return 0;
    }
    return lastFdCount - firstFdCount;
  }
}
