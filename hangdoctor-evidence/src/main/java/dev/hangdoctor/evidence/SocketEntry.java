package dev.hangdoctor.evidence;

import java.util.Set;

/**
 * A socket owned by the process, joined from its file descriptor to the kernel's socket table. For
 * TCP in LISTEN the receive queue is the number of connections waiting for {@code accept()}. Queue
 * sizes are {@code null} where the kernel does not publish them (Unix sockets); {@code local} and
 * {@code remote} are {@code null} for Unix sockets, which have a {@code unixPath} instead (possibly
 * empty).
 */
public record SocketEntry(
    int fd,
    long inode,
    SocketProtocol protocol,
    SocketState state,
    Endpoint local,
    Endpoint remote,
    Long receiveQueue,
    Long sendQueue,
    String unixPath,
    String unixType) {

  /**
   * Bytes received and not yet read. The kernel's receive queue counts a received FIN as one byte
   * (as {@code ss} shows it) in CLOSE_WAIT, LAST_ACK and CLOSING; that byte is no data.
   */
  public long unreadBytes() {
    if (receiveQueue == null || state == SocketState.LISTEN) {
      return 0;
    }
    return peerFinished() ? Math.max(0, receiveQueue - 1) : receiveQueue;
  }

  /**
   * True when the peer has closed its side (its FIN arrived: CLOSE_WAIT, LAST_ACK, CLOSING): it
   * sends nothing more on this connection.
   */
  public boolean peerFinished() {
    return state == SocketState.CLOSE_WAIT
        || state == SocketState.LAST_ACK
        || state == SocketState.CLOSING;
  }

  /**
   * True when this connection's local port is one of {@code listeningPorts} (see {@link
   * ProcessSnapshot#listeningPorts()}): the server side, accepted by this process, rather than a
   * connection it made as a client.
   */
  public boolean acceptedOn(Set<Integer> listeningPorts) {
    return local != null && listeningPorts.contains(local.port());
  }

  /** Unread received data or unsent data is waiting in this socket's queues. */
  public boolean hasQueuedData() {
    return unreadBytes() > 0 || (state != SocketState.LISTEN && sendQueue != null && sendQueue > 0);
  }
}
