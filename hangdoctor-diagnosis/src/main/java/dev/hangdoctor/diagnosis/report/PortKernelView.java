package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.linux.net.ListenerUse;
import java.util.Map;

/**
 * What the kernel showed of a port around the diagnosis window: each listening socket's accept
 * queue (connections the kernel completed that no process has taken yet) at the start and at the
 * end, by socket inode, and which processes wait on which socket through epoll. {@code somaxconn}
 * is {@code net.core.somaxconn}, the cap on every listener's backlog ({@code 0} when unread): the
 * backlog a server asked for is not in {@code /proc}.
 */
public record PortKernelView(
    int port,
    Map<Long, Long> queueAtStart,
    Map<Long, Long> queueAtEnd,
    Map<Integer, ListenerUse> uses,
    int somaxconn) {
  public PortKernelView {
    queueAtStart = Map.copyOf(queueAtStart);
    queueAtEnd = Map.copyOf(queueAtEnd);
    uses = Map.copyOf(uses);
  }

  /** Nothing read from the kernel beyond the diagnosis itself. */
  public static PortKernelView unknown(int port) {
    return new PortKernelView(port, Map.of(), Map.of(), Map.of(), 0);
  }
}
