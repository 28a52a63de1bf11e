package dev.hangdoctor.evidence;

import java.util.List;

/**
 * Everything the kernel said about one process at one instant. {@code monotonicNanos} orders
 * snapshots and measures the time between them; {@code gaps} lists what could not be read, and
 * {@code fdSummary} is {@code null} when the descriptors could not be listed at all.
 */
public record ProcessSnapshot(
    long capturedAtEpochMillis,
    long monotonicNanos,
    ProcessInfo process,
    List<ThreadSnapshot> threads,
    FdSummary fdSummary,
    List<FdEntry> fds,
    List<SocketEntry> sockets,
    List<EvidenceGap> gaps) {
  public ProcessSnapshot {
    threads = List.copyOf(threads);
    fds = List.copyOf(fds);
    sockets = List.copyOf(sockets);
    gaps = List.copyOf(gaps);
  }

  /** True when the process exited while this snapshot was taken. */
  public boolean targetExited() {
    return gaps.stream().anyMatch(gap -> gap.reason() == EvidenceGap.Reason.TARGET_EXITED);
  }
}
