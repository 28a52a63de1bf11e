package dev.hangdoctor.evidence;

/**
 * The receive and send queues of one socket at the first and last sample of a window in which it
 * was seen. Growth of the receive queue means nobody reads; growth of the send queue means the peer
 * does not read.
 */
public record SocketQueueTrend(
    long inode,
    int fd,
    SocketProtocol protocol,
    SocketState state,
    Endpoint local,
    Endpoint remote,
    String unixPath,
    long firstReceiveQueue,
    long lastReceiveQueue,
    long firstSendQueue,
    long lastSendQueue) {

  public long receiveGrowth() {
    return lastReceiveQueue - firstReceiveQueue;
  }

  public long sendGrowth() {
    return lastSendQueue - firstSendQueue;
  }
}
