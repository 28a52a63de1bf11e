package dev.hangdoctor.evidence;

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

  public boolean hasQueuedData() {
    return state != SocketState.LISTEN
        && ((receiveQueue != null && receiveQueue > 0) || (sendQueue != null && sendQueue > 0));
  }
}
